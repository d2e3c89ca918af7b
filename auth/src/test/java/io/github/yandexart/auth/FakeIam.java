package io.github.yandexart.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local Yandex Cloud IAM token endpoint. It checks each JWT as IAM would: the PS256 signature
 * against the key's public half, header {@code typ}/{@code alg}/{@code kid}, claims {@code iss},
 * {@code aud}, {@code iat} (the test clock's now) and {@code exp} (at most 3600 s later). A JWT that
 * fails a check gets HTTP 401 and the reason is kept in {@link #problems()}.
 */
final class FakeIam extends LocalServer {
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final List<String> jwts = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final RSAPublicKey publicKey;
  private final String keyId;
  private final String serviceAccountId;

  FakeIam(Clock clock) {
    this(clock, TestKeys.publicKey(), TestKeys.KEY_ID, TestKeys.SERVICE_ACCOUNT_ID);
  }

  FakeIam(Clock clock, RSAPublicKey publicKey, String keyId, String serviceAccountId) {
    super("/iam/v1/tokens", (request, n) -> new Reply(500, "{}"));
    this.clock = clock;
    this.publicKey = publicKey;
    this.keyId = keyId;
    this.serviceAccountId = serviceAccountId;
    respond((request, n) -> verify(request)
        ? new Reply(200, "{\"iamToken\":\"t1.token-" + n + "\",\"expiresAt\":\""
            + clock.instant().plus(Duration.ofHours(12)) + "\"}")
        : new Reply(401, "{\"code\":16,\"message\":\"The token is invalid\"}"));
  }

  /** Checks the request as IAM would; records why it fails. */
  boolean verify(Request request) {
    try {
      if (!request.method().equals("POST")) {
        return problem("method " + request.method());
      }
      if (!"application/json".equals(request.header("content-type"))) {
        return problem("content-type " + request.header("content-type"));
      }
      Map<String, String> body = flatJson(request.body());
      String jwt = body.get("jwt");
      if (jwt == null || body.size() != 1) {
        return problem("body fields " + body.keySet());
      }
      jwts.add(jwt);
      String[] parts = jwt.split("\\.", -1);
      if (parts.length != 3) {
        return problem("JWT has " + parts.length + " parts");
      }
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      s.initVerify(publicKey);
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return problem("bad signature");
      }
      Map<String, String> header = flatJson(decode(parts[0]));
      Map<String, String> expectedHeader = new TreeMap<>(Map.of("typ", "JWT", "alg", "PS256", "kid", keyId));
      if (!header.equals(expectedHeader)) {
        return problem("header " + header);
      }
      Map<String, String> claims = flatJson(decode(parts[1]));
      if (!claims.keySet().equals(Set.of("iss", "aud", "iat", "exp"))) {
        return problem("claims " + claims.keySet());
      }
      if (!serviceAccountId.equals(claims.get("iss"))) {
        return problem("iss " + claims.get("iss"));
      }
      if (!"https://iam.api.cloud.yandex.net/iam/v1/tokens".equals(claims.get("aud"))) {
        return problem("aud " + claims.get("aud"));
      }
      long iat = Long.parseLong(claims.get("iat"));
      long exp = Long.parseLong(claims.get("exp"));
      // "Now" within a few seconds: a test on the system clock may sign in one second and be
      // judged in the next.
      if (Math.abs(iat - clock.instant().getEpochSecond()) > 5) {
        return problem("iat " + iat + " is not now " + clock.instant().getEpochSecond());
      }
      if (exp <= iat || exp - iat > 3600) {
        return problem("exp - iat = " + (exp - iat));
      }
      return true;
    } catch (GeneralSecurityException | RuntimeException | IOException e) {
      return problem(e.toString());
    }
  }

  private boolean problem(String what) {
    problems.add(what);
    return false;
  }

  /** Why JWTs were refused; empty when every one was good. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Every JWT received. */
  List<String> jwts() {
    return List.copyOf(jwts);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  /** A flat JSON object's fields as text; numbers must be integers (JWT times). */
  static Map<String, String> flatJson(String json) throws IOException {
    Map<String, String> fields = new TreeMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
          throw new IOException("field " + name + " is " + t);
        }
        if (fields.put(name, p.getText()) != null) {
          throw new IOException("duplicate " + name);
        }
      }
    }
    return fields;
  }
}
