package io.github.yandexart.auth.internal;

import io.github.yandexart.Credentials;
import io.github.yandexart.auth.MetadataServiceCredentials;
import io.github.yandexart.auth.ServiceAccountCredentials;
import io.github.yandexart.spi.CredentialsProvider;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Registered in {@code META-INF/services}: {@code YC_SERVICE_ACCOUNT_KEY_FILE} (exchanged at the config's IAM
 * endpoint), then {@code YC_METADATA_ADDR}, and nothing when neither is set. Reads the key
 * file, so a broken one is reported at once; sends nothing.
 */
public final class AuthCredentialsProvider implements CredentialsProvider {
  @Override
  public Optional<Credentials> fromEnvironment(Map<String, String> env, URI iamEndpoint) {
    Optional<ServiceAccountCredentials> key = ServiceAccountCredentials.fromEnvironment(env, iamEndpoint);
    if (key.isPresent()) {
      return Optional.of(key.get());
    }
    return MetadataServiceCredentials.fromEnvironment(env).map(c -> c);
  }
}
