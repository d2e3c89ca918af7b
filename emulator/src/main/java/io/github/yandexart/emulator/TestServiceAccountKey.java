package io.github.yandexart.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * A fresh RSA-2048 service-account key in the format of Yandex Cloud's authorized-key file, for
 * trying a service-account setup against the emulator without a cloud account. The key belongs to
 * no real service account and works nowhere but with an emulator that trusts it.
 *
 * <pre>{@code
 * TestServiceAccountKey key = TestServiceAccountKey.generate();
 * key.writeTo(Path.of("key.json"));
 * YandexArtEmulator emulator = YandexArtEmulator.builder()
 *     .trustServiceAccountKey(Path.of("key.json"))   // or (key.keyId(), key.serviceAccountId(), key.publicKey())
 *     .build().start();
 * }</pre>
 *
 * <p>From a shell: {@code yandexart emulator --new-key key.json}, or {@code java -cp <emulator jar and
 * its dependencies> io.github.yandexart.emulator.TestServiceAccountKey key.json}.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows the ids, never the key.
 */
public final class TestServiceAccountKey {
  /** Yandex Cloud ids: three letters, then 17 characters of this alphabet. */
  private static final char[] ID_ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String keyId;
  private final String serviceAccountId;
  private final Instant createdAt;
  private final RSAPublicKey publicKey;
  private final RSAPrivateKey privateKey;

  private TestServiceAccountKey(String keyId, String serviceAccountId, KeyPair pair) {
    this.keyId = keyId;
    this.serviceAccountId = serviceAccountId;
    this.createdAt = Instant.now();
    this.publicKey = (RSAPublicKey) pair.getPublic();
    this.privateKey = (RSAPrivateKey) pair.getPrivate();
  }

  /** A new key with random ids shaped like Yandex Cloud's ({@code aje…}). */
  public static TestServiceAccountKey generate() {
    return generate(randomId(), randomId());
  }

  /** A new key with these ids. */
  public static TestServiceAccountKey generate(String keyId, String serviceAccountId) {
    requireId(keyId, "keyId");
    requireId(serviceAccountId, "serviceAccountId");
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate RSA keys: " + e.getMessage(), e);
    }
    return new TestServiceAccountKey(keyId, serviceAccountId, pair);
  }

  /** The key id ({@code id} in the file; a JWT's {@code kid}). */
  public String keyId() {
    return keyId;
  }

  /** The service account ({@code service_account_id}; a JWT's {@code iss}). */
  public String serviceAccountId() {
    return serviceAccountId;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  public RSAPrivateKey privateKey() {
    return privateKey;
  }

  /**
   * The authorized-key JSON as Yandex Cloud writes it: {@code id}, {@code service_account_id},
   * {@code created_at}, {@code key_algorithm}, {@code public_key} and {@code private_key} (PKCS#8 PEM
   * after the {@code PLEASE DO NOT REMOVE THIS LINE!} line). Holds the private key.
   */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      // "id": "…", as Yandex Cloud writes it (Jackson's default is "id" : "…")
      g.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
      g.writeStartObject();
      g.writeStringField("id", keyId);
      g.writeStringField("service_account_id", serviceAccountId);
      g.writeStringField("created_at", createdAt.toString());
      g.writeStringField("key_algorithm", "RSA_2048");
      g.writeStringField("public_key", pem("PUBLIC KEY", publicKey.getEncoded()));
      g.writeStringField("private_key", "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <" + keyId + ">\n"
          + pem("PRIVATE KEY", privateKey.getEncoded()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return out.toString() + "\n";
  }

  /**
   * Writes {@link #toJson()} to a new {@code file}, readable by its owner only where the file system
   * allows; returns {@code file}.
   *
   * @throws IllegalArgumentException when the file exists (it is never overwritten) or its directory
   *     does not
   * @throws UncheckedIOException when writing fails otherwise
   */
  public Path writeTo(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] json = toJson().getBytes(StandardCharsets.UTF_8);
    try {
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
        restrict(file);
        out.write(json);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(file + " already exists, and a key file is never overwritten:"
          + " give a new name, or delete the old file first");
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot write " + file + ": its directory does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static void restrict(Path file) throws IOException {
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    try {
      Files.setPosixFilePermissions(file, ownerOnly);
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file gets its directory's permissions
    }
  }

  /** Writes a new key file: {@code TestServiceAccountKey key.json}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java io.github.yandexart.emulator.TestServiceAccountKey FILE");
      System.exit(2);
    }
    try {
      TestServiceAccountKey key = generate();
      key.writeTo(Path.of(args[0]));
      System.out.println("wrote key " + key.keyId() + " of service account " + key.serviceAccountId()
          + " to " + args[0]);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  @Override
  public String toString() {
    return "TestServiceAccountKey{keyId=" + keyId + ", serviceAccountId=" + serviceAccountId + "}";
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static String randomId() {
    StringBuilder id = new StringBuilder("aje");
    for (int i = 0; i < 17; i++) {
      id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
    }
    return id.toString();
  }

  private static void requireId(String id, String name) {
    Objects.requireNonNull(id, name);
    if (id.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
  }
}
