package io.github.yandexart.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;

/** Signs JWTs of any shape with PS256, for testing what the emulator's IAM accepts. */
final class Jwts {
  static final String AUDIENCE = "https://iam.api.cloud.yandex.net/iam/v1/tokens";

  private Jwts() {}

  static String header(String kid) {
    return "{\"typ\":\"JWT\",\"alg\":\"PS256\",\"kid\":\"" + kid + "\"}";
  }

  static String claims(String iss, String aud, Instant iat, Instant exp) {
    return "{\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"iat\":" + iat.getEpochSecond()
        + ",\"exp\":" + exp.getEpochSecond() + "}";
  }

  /** {@code header.claims.signature}, the signature PS256 over the first two parts. */
  static String sign(PrivateKey key, String headerJson, String claimsJson) {
    String input = encode(headerJson) + "." + encode(claimsJson);
    try {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
