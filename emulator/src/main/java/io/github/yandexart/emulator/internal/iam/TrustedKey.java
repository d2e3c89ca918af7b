package io.github.yandexart.emulator.internal.iam;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

/**
 * A service-account key the emulator's IAM trusts: JWTs whose {@code kid} is {@code keyId} must be
 * signed with {@code publicKey}'s private half and name {@code serviceAccountId} as their {@code iss}.
 *
 * @param keyId the key's id (the key file's {@code id})
 * @param serviceAccountId the service account it belongs to (the key file's {@code service_account_id})
 * @param publicKey the RSA public key (PS256 needs RSA)
 */
public record TrustedKey(String keyId, String serviceAccountId, RSAPublicKey publicKey) {
  public TrustedKey {
    keyId = requireText(keyId, "keyId");
    serviceAccountId = requireText(serviceAccountId, "serviceAccountId");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /**
   * A trusted key from any {@link PublicKey}.
   *
   * @throws IllegalArgumentException when the key is not RSA, which PS256 needs
   */
  public static TrustedKey of(String keyId, String serviceAccountId, PublicKey publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (!(publicKey instanceof RSAPublicKey)) {
      throw new IllegalArgumentException("the public key of key " + keyId + " is " + publicKey.getAlgorithm()
          + ", but Yandex Cloud IAM verifies service-account JWTs with PS256, which needs an RSA key");
    }
    return new TrustedKey(keyId, serviceAccountId, (RSAPublicKey) publicKey);
  }

  /** Whether {@code other} is the same key (same id, account and public key). */
  boolean sameAs(TrustedKey other) {
    return keyId.equals(other.keyId) && serviceAccountId.equals(other.serviceAccountId)
        && publicKey.getModulus().equals(other.publicKey.getModulus())
        && publicKey.getPublicExponent().equals(other.publicKey.getPublicExponent());
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank: give the id from the key file");
    }
    return value.strip();
  }

  /** The ids, never the key. */
  @Override
  public String toString() {
    return "TrustedKey{keyId=" + keyId + ", serviceAccountId=" + serviceAccountId + "}";
  }
}
