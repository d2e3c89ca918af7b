package io.github.yandexart.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** A fresh RSA key pair for the test run, written as Yandex Cloud writes authorized key files. */
final class TestKeys {
  static final String KEY_ID = "ajetestkeyid00000001";
  static final String SERVICE_ACCOUNT_ID = "ajetestserviceacct01";
  static final KeyPair PAIR = generate("RSA", 2048);

  private TestKeys() {}

  static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static RSAPublicKey publicKey() {
    return (RSAPublicKey) PAIR.getPublic();
  }

  static String privatePem() {
    return pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
  }

  static String publicPem() {
    return pem("PUBLIC KEY", PAIR.getPublic().getEncoded());
  }

  /** The base64 body of the private key, the material that must never leak. */
  static String privateKeyBase64() {
    return Base64.getEncoder().encodeToString(PAIR.getPrivate().getEncoded());
  }

  static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  /** A key file as `yc iam key create` writes it, with the PLEASE DO NOT REMOVE line. */
  static String keyFileJson() {
    return keyFileJson(KEY_ID, SERVICE_ACCOUNT_ID, "RSA_2048", publicPem(),
        "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <" + KEY_ID + ">\n" + privatePem());
  }

  static String keyFileJson(String id, String serviceAccountId, String algorithm, String publicPem,
      String privatePem) {
    StringBuilder s = new StringBuilder("{\n");
    field(s, "id", id);
    field(s, "service_account_id", serviceAccountId);
    field(s, "created_at", "2024-03-16T08:51:37.530358447Z");
    field(s, "key_algorithm", algorithm);
    field(s, "public_key", publicPem);
    field(s, "private_key", privatePem);
    s.setLength(s.length() - 2);
    return s.append("\n}\n").toString();
  }

  private static void field(StringBuilder s, String name, String value) {
    if (value != null) {
      s.append("   \"").append(name).append("\": \"")
          .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
          .append("\",\n");
    }
  }

  static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
