package io.github.yandexart.emulator.internal.iam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.yandexart.StatusCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's IAM: exchanges a service-account JWT signed with a trusted key for an IAM token, as
 * {@code POST https://iam.api.cloud.yandex.net/iam/v1/tokens} does, and tells whether a {@code Bearer}
 * token is one it issued and still valid.
 *
 * <p>The JWT is checked as Yandex Cloud documents it: header {@code typ} {@code JWT}, {@code alg}
 * {@code PS256}, {@code kid} a trusted key; the PS256 signature (RSASSA-PSS, SHA-256, MGF1 with
 * SHA-256, 32-byte salt) over {@code header.claims}; claims {@code iss} the key's service account,
 * {@code aud} {@value #AUDIENCE}, {@code iat} not in the future (up to {@link #CLOCK_SKEW} is
 * forgiven), {@code exp} after now and at most an hour after {@code iat}. Messages say which part is
 * wrong and never repeat the JWT or a token.
 *
 * <p>Thread-safe. Time is the store's clock.
 */
public final class IamService {
  /** The route, as the real IAM serves it. */
  public static final String TOKENS_PATH = "/iam/v1/tokens";
  /** The {@code aud} every service-account JWT names, whatever endpoint it is sent to. */
  public static final String AUDIENCE = "https://iam.api.cloud.yandex.net/iam/v1/tokens";
  /** How long an issued token lives, as the real IAM's do. */
  public static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
  /** The longest {@code exp - iat} accepted. */
  public static final Duration MAX_JWT_LIFETIME = Duration.ofHours(1);
  /** How far in the future an {@code iat} may be, for clients whose clock runs a little fast. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final PSSParameterSpec PS256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, PSSParameterSpec.TRAILER_FIELD_BC);
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
  private static final int MAX_JWT_CHARS = 16 * 1024;

  private final Map<String, TrustedKey> keys;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();

  /** An IAM that trusts {@code keys} (none: it refuses every exchange) on {@code clock}. */
  public IamService(Collection<TrustedKey> keys, Clock clock) {
    Map<String, TrustedKey> byId = new LinkedHashMap<>();
    for (TrustedKey key : keys) {
      TrustedKey earlier = byId.putIfAbsent(key.keyId(), key);
      if (earlier != null && !earlier.sameAs(key)) {
        throw new IllegalArgumentException("key id " + key.keyId() + " is trusted twice, with different"
            + " keys or service accounts: a key id names one key; trust each key file once");
      }
    }
    this.keys = Collections.unmodifiableMap(byId);
    this.clock = clock;
  }

  /** Whether any key is trusted; if not, {@code Bearer} tokens are not checked. */
  public boolean trustsKeys() {
    return !keys.isEmpty();
  }

  /** The trusted key ids, in the order they were given. */
  public List<String> trustedKeyIds() {
    return List.copyOf(keys.keySet());
  }

  /** An IAM token and when it expires. */
  public record IssuedToken(String iamToken, Instant expiresAt) {
    @Override
    public String toString() {
      return "IssuedToken{expiresAt=" + expiresAt + "}";
    }
  }

  /** A refused exchange: the google.rpc code (UNAUTHENTICATED) and a message that says what to fix. */
  public static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final StatusCode code;

    Refusal(StatusCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    public StatusCode code() {
      return code;
    }
  }

  private record Issued(String keyId, Instant expiresAt) {}

  /**
   * Checks {@code jwt} and issues a token for it.
   *
   * @throws Refusal when the JWT is not acceptable, saying which part is wrong
   */
  public IssuedToken exchange(String jwt) throws Refusal {
    TrustedKey key = verify(jwt);
    Instant now = clock.instant();
    // Forget tokens long expired; an expired one is still recognized for a while, to say so.
    issued.values().removeIf(t -> t.expiresAt().plus(TOKEN_LIFETIME).isBefore(now));
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = "t1." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant expiresAt = now.plus(TOKEN_LIFETIME);
    issued.put(token, new Issued(key.keyId(), expiresAt));
    return new IssuedToken(token, expiresAt);
  }

  /**
   * Why a call with {@code Bearer <token>} must be refused (UNAUTHENTICATED), or empty when the token
   * is one this IAM issued and it is still valid. Only meaningful when {@link #trustsKeys()}.
   */
  public Optional<String> bearerProblem(String token) {
    Issued t = issued.get(token);
    if (t == null) {
      return Optional.of("the IAM token was not issued by this emulator, which trusts only its own tokens"
          + " once it trusts service-account keys: exchange a JWT signed with a trusted key (key ids "
          + String.join(", ", keys.keySet()) + ") at its POST " + TOKENS_PATH + ", or send Api-Key <any>");
    }
    Instant now = clock.instant();
    if (!now.isBefore(t.expiresAt())) {
      return Optional.of("the IAM token (issued for key " + t.keyId() + ") expired at " + t.expiresAt()
          + ": exchange a new JWT for a new token");
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- the JWT

  private TrustedKey verify(String jwt) throws Refusal {
    if (keys.isEmpty()) {
      throw refuse("the emulator trusts no service-account keys, so it issues no IAM tokens: start it with"
          + " YandexArtEmulator.builder().trustServiceAccountKey(keyFile) or `yandexart emulator --trust-key"
          + " key.json`");
    }
    if (jwt.length() > MAX_JWT_CHARS) {
      throw refuse("the JWT is " + jwt.length() + " characters long, far more than a service-account JWT:"
          + " sign a JWT with only typ, alg and kid in its header and iss, aud, iat and exp in its claims");
    }
    String[] parts = jwt.strip().split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw refuse("the JWT is malformed: expected the compact form header.claims.signature, three base64url"
          + " parts separated by dots");
    }
    JsonNode header = json(parts[0], "header");
    String typ = string(header, "typ", "header");
    if (!"JWT".equals(typ)) {
      throw refuse("the JWT's header has typ " + shown(typ) + ": set \"typ\":\"JWT\"");
    }
    String alg = string(header, "alg", "header");
    if (!"PS256".equals(alg)) {
      throw refuse("the JWT's header has alg " + shown(alg) + ", but Yandex Cloud IAM accepts only PS256"
          + " (RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt): sign with PS256");
    }
    String kid = string(header, "kid", "header");
    if (kid == null) {
      throw refuse("the JWT's header has no kid: set \"kid\" to the key file's id");
    }
    TrustedKey key = keys.get(kid);
    if (key == null) {
      throw refuse("the JWT's kid " + shown(kid) + " is not a key the emulator trusts (it trusts "
          + String.join(", ", keys.keySet()) + "): sign with a trusted key, or start the emulator with"
          + " --trust-key for this key's file");
    }
    byte[] signature = base64url(parts[2], "signature");
    if (!signatureMatches(key, parts[0] + "." + parts[1], signature)) {
      throw refuse("the JWT's signature does not verify with the public key of key " + kid
          + ": it was signed with another key or altered after signing; sign header.claims with PS256"
          + " and this key's private key");
    }
    JsonNode claims = json(parts[1], "claims");
    String iss = string(claims, "iss", "claims");
    if (!key.serviceAccountId().equals(iss)) {
      throw refuse("the JWT's iss " + shown(iss) + " is not the service account of key " + kid + " ("
          + key.serviceAccountId() + "): set iss to the key file's service_account_id");
    }
    if (!audienceMatches(claims.get("aud"))) {
      throw refuse("the JWT's aud " + shown(claims.get("aud") == null ? null : claims.get("aud").toString())
          + " is not " + AUDIENCE + ": set aud to exactly that, whatever endpoint the JWT is sent to");
    }
    long iat = seconds(claims, "iat");
    long exp = seconds(claims, "exp");
    Instant now = clock.instant();
    if (exp <= iat) {
      throw refuse("the JWT's exp (" + Instant.ofEpochSecond(exp) + ") is not after its iat ("
          + Instant.ofEpochSecond(iat) + "): set exp to iat plus at most 3600 seconds");
    }
    if (exp - iat > MAX_JWT_LIFETIME.getSeconds()) {
      throw refuse("the JWT's exp is " + (exp - iat) + " seconds after its iat, more than the "
          + MAX_JWT_LIFETIME.getSeconds() + " seconds IAM allows: set exp to iat plus at most 3600 seconds");
    }
    if (iat > now.getEpochSecond() + CLOCK_SKEW.getSeconds()) {
      throw refuse("the JWT's iat (" + Instant.ofEpochSecond(iat) + ") is in the future: the emulator's time"
          + " is " + now + "; check the clock of the machine that signed it");
    }
    if (exp <= now.getEpochSecond()) {
      throw refuse("the JWT expired: its exp (" + Instant.ofEpochSecond(exp) + ") is not after the emulator's"
          + " time " + now + "; sign a fresh JWT for every exchange");
    }
    return key;
  }

  private static boolean signatureMatches(TrustedKey key, String signingInput, byte[] signature) throws Refusal {
    try {
      Signature verifier = Signature.getInstance("RSASSA-PSS");
      verifier.setParameter(PS256);
      verifier.initVerify(key.publicKey());
      verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(signature);
    } catch (java.security.SignatureException e) {
      return false; // a signature of the wrong length, say: it does not verify
    } catch (GeneralSecurityException e) {
      throw new Refusal(StatusCode.INTERNAL, "the emulator could not verify PS256 signatures: "
          + e.getClass().getSimpleName());
    }
  }

  private static boolean audienceMatches(JsonNode aud) {
    if (aud == null) {
      return false;
    }
    if (aud.isTextual()) {
      return aud.asText().equals(AUDIENCE);
    }
    if (aud.isArray()) {
      List<String> values = new ArrayList<>();
      aud.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
      return values.contains(AUDIENCE);
    }
    return false;
  }

  private static JsonNode json(String part, String name) throws Refusal {
    byte[] bytes = base64url(part, name);
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw refuse("the JWT's " + name + " is not a JSON object: the " + name
          + " must be base64url-encoded JSON");
    }
    return node;
  }

  private static byte[] base64url(String part, String name) throws Refusal {
    if (part.indexOf('=') >= 0) {
      throw refuse("the JWT's " + name + " has base64 padding (=): JWTs use base64url without padding");
    }
    try {
      return BASE64URL.decode(part);
    } catch (IllegalArgumentException e) {
      throw refuse("the JWT's " + name + " is not base64url: JWTs use the URL-safe alphabet (- and _),"
          + " without padding");
    }
  }

  private static String string(JsonNode object, String field, String part) throws Refusal {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw refuse("the JWT's " + part + " has " + field + " that is not a string");
    }
    return node.asText();
  }

  private static long seconds(JsonNode claims, String field) throws Refusal {
    JsonNode node = claims.get(field);
    if (node == null || node.isNull()) {
      throw refuse("the JWT's claims have no " + field + ": set iat to the time of signing and exp to at"
          + " most 3600 seconds later, both in seconds since the epoch");
    }
    if (!node.isNumber() || !node.canConvertToLong()) {
      throw refuse("the JWT's " + field + " is not a number of seconds since the epoch");
    }
    return node.asLong();
  }

  private static Refusal refuse(String message) {
    return new Refusal(StatusCode.UNAUTHENTICATED, message);
  }

  /** A value from the JWT as a message shows it: quoted, cut short, without control characters. */
  private static String shown(String value) {
    if (value == null) {
      return "(none)";
    }
    String s = value.replaceAll("\\p{Cntrl}", "?");
    return "\"" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "\"";
  }
}
