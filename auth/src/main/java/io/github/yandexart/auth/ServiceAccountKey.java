package io.github.yandexart.auth;

import io.github.yandexart.auth.internal.Json;
import io.github.yandexart.auth.internal.Pem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A service-account authorized key: the JSON file that {@code yc iam key create --output key.json}
 * writes, with {@code id}, {@code service_account_id} and an RSA {@code private_key}.
 *
 * <pre>{@code
 * ServiceAccountKey key = ServiceAccountKey.fromFile(Path.of("key.json"));
 * Credentials credentials = ServiceAccountCredentials.of(key);
 * }</pre>
 *
 * <p>The {@code PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID ...} line newer files put
 * before the PEM block is accepted. A broken file is refused with an {@link IllegalArgumentException}
 * that names the file and says what is wrong; neither messages nor {@link #toString()} ever contain
 * key material. Immutable and thread-safe.
 */
public final class ServiceAccountKey {
  private static final long MAX_FILE_SIZE = 1 << 20;
  private static final Pattern SAFE_ALGORITHM = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final String id;
  private final String serviceAccountId;
  private final String keyAlgorithm;
  private final Instant createdAt;
  private final Path file;
  private final RSAPrivateCrtKey privateKey;

  private ServiceAccountKey(String id, String serviceAccountId, String keyAlgorithm, Instant createdAt,
      Path file, RSAPrivateCrtKey privateKey) {
    this.id = id;
    this.serviceAccountId = serviceAccountId;
    this.keyAlgorithm = keyAlgorithm;
    this.createdAt = createdAt;
    this.file = file;
    this.privateKey = privateKey;
  }

  /**
   * Reads a key file.
   *
   * @throws IllegalArgumentException when the file is missing, unreadable or not a usable key,
   *     naming the file and the problem
   */
  public static ServiceAccountKey fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    String what = "service-account key file " + file;
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(what + " is a directory: give the path of the key's JSON file");
    }
    String json;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new IllegalArgumentException(what + " is larger than 1 MiB, which no key file is:"
            + " give the JSON file that `yc iam key create --output key.json` writes");
      }
      byte[] bytes = Files.readAllBytes(file);
      json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      if (json.startsWith("\uFEFF")) {
        json = json.substring(1); // a byte-order mark, as some Windows editors write
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " does not exist: check the path");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(what + " cannot be read: permission denied");
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not UTF-8 text: give the JSON file that"
          + " `yc iam key create --output key.json` writes");
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return parse(json, what, file);
  }

  /**
   * Parses the content of a key file.
   *
   * @throws IllegalArgumentException when it is not a usable key, saying what is wrong
   */
  public static ServiceAccountKey fromJson(String json) {
    Objects.requireNonNull(json, "json");
    return parse(json, "service-account key JSON", null);
  }

  private static ServiceAccountKey parse(String json, String what, Path file) {
    String hint = ": give the authorized key JSON that `yc iam key create --output key.json` writes";
    Map<String, Object> fields;
    String id;
    String serviceAccountId;
    String pem;
    String algorithm;
    String created;
    String publicPem;
    try {
      fields = Json.readObject(json);
      id = required(fields, "id", what, hint);
      serviceAccountId = required(fields, "service_account_id", what, hint);
      pem = required(fields, "private_key", what, hint);
      algorithm = Json.string(fields, "key_algorithm").orElse(null);
      created = Json.string(fields, "created_at").orElse(null);
      publicPem = Json.string(fields, "public_key").orElse(null);
    } catch (Json.Malformed e) {
      throw new IllegalArgumentException(what + " " + e.getMessage() + hint);
    }
    if (algorithm != null && !algorithm.toUpperCase(Locale.ROOT).startsWith("RSA")) {
      throw new IllegalArgumentException(what + ": key_algorithm is "
          + (SAFE_ALGORITHM.matcher(algorithm).matches() ? algorithm : "not RSA")
          + ", but Yandex Cloud signs service-account JWTs with PS256, which needs an RSA key:"
          + " create one with `yc iam key create --algorithm rsa-2048`");
    }
    RSAPrivateCrtKey privateKey;
    try {
      privateKey = Pem.rsaPrivateKey(pem);
    } catch (Pem.BadKey e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
    if (publicPem != null) {
      Optional<RSAPublicKey> publicKey = Pem.rsaPublicKey(publicPem);
      if (publicKey.isPresent() && !publicKey.get().getModulus().equals(privateKey.getModulus())) {
        throw new IllegalArgumentException(what + ": private_key does not belong to public_key: the"
            + " file mixes two keys; download the key again");
      }
    }
    return new ServiceAccountKey(id.strip(), serviceAccountId.strip(), algorithm, parseTime(created), file,
        privateKey);
  }

  private static String required(Map<String, Object> fields, String name, String what, String hint)
      throws Json.Malformed {
    Optional<String> value = Json.string(fields, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " has no \"" + name + "\" field" + hint);
    }
    if (value.get().isBlank()) {
      throw new IllegalArgumentException(what + ": field \"" + name + "\" is blank" + hint);
    }
    return value.get();
  }

  private static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null; // informational only: a key with an odd created_at still signs
    }
  }

  /** The key id ({@code id}): the JWT's {@code kid}. */
  public String id() {
    return id;
  }

  /** The service account the key belongs to ({@code service_account_id}): the JWT's {@code iss}. */
  public String serviceAccountId() {
    return serviceAccountId;
  }

  /** {@code key_algorithm}, such as {@code RSA_2048}, when the file names it. */
  public Optional<String> keyAlgorithm() {
    return Optional.ofNullable(keyAlgorithm);
  }

  /** {@code created_at}, when the file has a readable one. */
  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** The file the key was read from; empty for {@link #fromJson(String)}. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** Names the key and its file; never any key material. */
  @Override
  public String toString() {
    return "ServiceAccountKey{id=" + id + ", serviceAccountId=" + serviceAccountId
        + (keyAlgorithm == null ? "" : ", keyAlgorithm=" + keyAlgorithm)
        + (file == null ? "" : ", file=" + file) + "}";
  }
}
