package io.github.yandexart.auth.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM keys of a service-account key file. Error messages say what is wrong with the key,
 * never any of its content.
 */
public final class Pem {
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^-\\r\\n]{1,64})-----");
  private static final Pattern SAFE_LABEL = Pattern.compile("[A-Z0-9 ]{1,40}");

  private Pem() {}

  /** The key is unusable; the message (a phrase about {@code private_key}) says why. */
  public static final class BadKey extends Exception {
    private static final long serialVersionUID = 1L;

    BadKey(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The RSA private key of a PKCS#8 {@code PRIVATE KEY} block; text before the block (such as Yandex
   * Cloud's {@code PLEASE DO NOT REMOVE THIS LINE!} line) is ignored.
   */
  public static RSAPrivateCrtKey rsaPrivateKey(String pem) throws BadKey {
    Matcher begin = BEGIN.matcher(pem);
    if (!begin.find()) {
      throw new BadKey("private_key holds no PEM block: expected a line -----BEGIN PRIVATE KEY-----");
    }
    String label = begin.group(1);
    switch (label) {
      case "PRIVATE KEY":
        break;
      case "RSA PRIVATE KEY":
        throw new BadKey("private_key is a PKCS#1 key (-----BEGIN RSA PRIVATE KEY-----): convert it to"
            + " PKCS#8 with `openssl pkcs8 -topk8 -nocrypt`, or use the key file as Yandex Cloud wrote it");
      case "ENCRYPTED PRIVATE KEY":
        throw new BadKey("private_key is encrypted (-----BEGIN ENCRYPTED PRIVATE KEY-----): use the"
            + " unencrypted key file that `yc iam key create` writes");
      default:
        throw new BadKey("private_key is a PEM block of type "
            + (SAFE_LABEL.matcher(label).matches() ? "\"" + label + "\"" : "other than PRIVATE KEY")
            + ": expected -----BEGIN PRIVATE KEY----- (PKCS#8)");
    }
    String end = "-----END PRIVATE KEY-----";
    int endAt = pem.indexOf(end, begin.end());
    if (endAt < 0) {
      throw new BadKey("private_key's PEM block has no " + end + " line: the key is cut short");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(pem.substring(begin.end(), endAt).replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new BadKey("private_key's PEM body is not valid base64: the key is damaged");
    }
    if (der.length == 0) {
      throw new BadKey("private_key's PEM block is empty");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(spec);
      if (key instanceof RSAPrivateCrtKey) {
        return (RSAPrivateCrtKey) key;
      }
    } catch (GeneralSecurityException | RuntimeException notRsa) {
      // Say which kind it is, if it is a key at all.
    }
    for (String[] kind : new String[][] {{"EC", "an EC"}, {"Ed25519", "an Ed25519"}, {"EdDSA", "an EdDSA"},
        {"DSA", "a DSA"}}) {
      try {
        KeyFactory.getInstance(kind[0]).generatePrivate(spec);
        throw new BadKey("private_key is " + kind[1] + " key, not RSA: Yandex Cloud signs"
            + " service-account JWTs with PS256, which needs an RSA key (key_algorithm RSA_2048 or RSA_4096)");
      } catch (GeneralSecurityException | RuntimeException notThisKind) {
        // Try the next kind.
      }
    }
    throw new BadKey("private_key is not a valid PKCS#8 RSA private key: the key is damaged");
  }

  /** The RSA public key of a {@code PUBLIC KEY} block, or empty when there is none or it is unusable. */
  public static Optional<RSAPublicKey> rsaPublicKey(String pem) {
    Matcher begin = BEGIN.matcher(pem);
    if (!begin.find() || !begin.group(1).equals("PUBLIC KEY")) {
      return Optional.empty();
    }
    int endAt = pem.indexOf("-----END PUBLIC KEY-----", begin.end());
    if (endAt < 0) {
      return Optional.empty();
    }
    try {
      byte[] der = Base64.getDecoder().decode(pem.substring(begin.end(), endAt).replaceAll("\\s+", ""));
      return Optional.of((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
    } catch (GeneralSecurityException | RuntimeException unusable) {
      return Optional.empty();
    }
  }
}
