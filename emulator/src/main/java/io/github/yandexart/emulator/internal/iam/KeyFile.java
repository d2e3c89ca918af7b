package io.github.yandexart.emulator.internal.iam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the public half of a Yandex Cloud authorized-key file ({@code yc iam key create --output
 * key.json}): {@code id}, {@code service_account_id} and {@code public_key}, or, when a file has no
 * {@code public_key}, the public half of its {@code private_key}. Messages name the file and the
 * problem and never quote the file, which holds a private key.
 */
public final class KeyFile {
  private static final long MAX_FILE_SIZE = 1 << 20;
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----");
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());
  private static final String HINT =
      ": give the authorized key JSON that `yc iam key create --output key.json` writes";

  private KeyFile() {}

  /**
   * The key in {@code file}.
   *
   * @throws IllegalArgumentException when the file is missing, unreadable or not a usable key,
   *     naming the file and the problem
   */
  public static TrustedKey read(Path file) {
    String what = "service-account key file " + file;
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(what + " is a directory: give the path of the key's JSON file");
      }
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new IllegalArgumentException(what + " is larger than 1 MiB, which no key file is" + HINT);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " does not exist: check the path");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(what + " cannot be read: permission denied");
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), what);
  }

  /**
   * The key in the JSON of a key file.
   *
   * @param what names the source in messages, such as {@code service-account key file key.json}
   */
  static TrustedKey parse(String json, String what) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);
    } catch (IOException e) {
      // Jackson's message would quote the input, and the input holds a private key.
      throw new IllegalArgumentException(what + " is not valid JSON" + HINT);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object" + HINT);
    }
    String id = text(root, "id", what);
    String account = text(root, "service_account_id", what);
    if (id == null) {
      throw new IllegalArgumentException(what + " has no \"id\" field" + HINT);
    }
    if (account == null) {
      throw new IllegalArgumentException(what + " has no \"service_account_id\" field" + HINT);
    }
    String publicPem = text(root, "public_key", what);
    String privatePem = text(root, "private_key", what);
    RSAPublicKey publicKey;
    if (publicPem != null) {
      publicKey = publicKey(publicPem, what);
      if (privatePem != null) {
        RSAPublicKey fromPrivate = publicHalf(privatePem, what);
        if (!fromPrivate.getModulus().equals(publicKey.getModulus())) {
          throw new IllegalArgumentException(what + ": private_key does not belong to public_key: the"
              + " file mixes two keys; download the key again");
        }
      }
    } else if (privatePem != null) {
      publicKey = publicHalf(privatePem, what);
    } else {
      throw new IllegalArgumentException(what + " has neither \"public_key\" nor \"private_key\"" + HINT);
    }
    return new TrustedKey(id, account, publicKey);
  }

  private static String text(JsonNode root, String field, String what) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException(what + ": field \"" + field + "\" is not a string" + HINT);
    }
    if (node.asText().isBlank()) {
      throw new IllegalArgumentException(what + ": field \"" + field + "\" is blank" + HINT);
    }
    return node.asText();
  }

  private static RSAPublicKey publicKey(String pem, String what) {
    byte[] der = pemBody(pem, "PUBLIC KEY", "public_key", what);
    PublicKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(what + ": public_key is not an RSA public key (X.509"
          + " SubjectPublicKeyInfo): PS256 needs an RSA key; download the key again");
    }
    return (RSAPublicKey) key;
  }

  private static RSAPublicKey publicHalf(String pem, String what) {
    byte[] der = pemBody(pem, "PRIVATE KEY", "private_key", what);
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
      if (key instanceof RSAPrivateCrtKey) {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        return (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException(what + ": private_key is not an unencrypted PKCS#8 RSA key"
        + " (-----BEGIN PRIVATE KEY-----): PS256 needs an RSA key; download the key again");
  }

  /** The DER bytes of the {@code label} PEM block; text before it is ignored. */
  private static byte[] pemBody(String pem, String label, String field, String what) {
    Matcher begin = BEGIN.matcher(pem);
    if (!begin.find()) {
      throw new IllegalArgumentException(what + ": " + field + " holds no PEM block: expected a line -----BEGIN "
          + label + "-----");
    }
    if (!begin.group(1).equals(label)) {
      throw new IllegalArgumentException(what + ": " + field + " is a PEM block of type \"" + begin.group(1)
          + "\": expected -----BEGIN " + label + "-----");
    }
    String end = "-----END " + label + "-----";
    int endAt = pem.indexOf(end, begin.end());
    if (endAt < 0) {
      throw new IllegalArgumentException(what + ": " + field + "'s PEM block has no " + end
          + " line: the key is cut short");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(pem.substring(begin.end(), endAt).replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + field + "'s PEM body is not valid base64: the key is damaged");
    }
    if (der.length == 0) {
      throw new IllegalArgumentException(what + ": " + field + "'s PEM block is empty");
    }
    return der;
  }
}
