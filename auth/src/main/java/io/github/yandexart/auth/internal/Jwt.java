package io.github.yandexart.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** Signs the JWT that Yandex Cloud IAM exchanges for a token: PS256 with the JDK's RSASSA-PSS. */
public final class Jwt {
  /** PS256: RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt. */
  public static final PSSParameterSpec PS256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Jwt() {}

  /**
   * {@code header.claims.signature}, header {@code {"typ":"JWT","alg":"PS256","kid":keyId}}, claims
   * {@code iss}, {@code aud}, {@code iat} and {@code exp = iat + lifetime} in epoch seconds.
   */
  public static String sign(PrivateKey key, String keyId, String issuer, String audience,
      Instant issuedAt, Duration lifetime) throws GeneralSecurityException {
    long iat = issuedAt.getEpochSecond();
    long exp = iat + lifetime.getSeconds();
    String header = Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("typ", "JWT");
      g.writeStringField("alg", "PS256");
      g.writeStringField("kid", keyId);
      g.writeEndObject();
    });
    String claims = Json.write(g -> {
      g.writeStartObject();
      g.writeStringField("iss", issuer);
      g.writeStringField("aud", audience);
      g.writeNumberField("iat", iat);
      g.writeNumberField("exp", exp);
      g.writeEndObject();
    });
    String signingInput = encode(header.getBytes(StandardCharsets.UTF_8)) + "."
        + encode(claims.getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("RSASSA-PSS");
    signature.setParameter(PS256);
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + encode(signature.sign());
  }

  private static String encode(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }
}
