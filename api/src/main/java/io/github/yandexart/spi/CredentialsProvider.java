package io.github.yandexart.spi;

import io.github.yandexart.Credentials;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Finds {@link Credentials} in the environment beyond the plain secrets {@code api} reads itself;
 * found with {@link java.util.ServiceLoader} by {@link Credentials#fromEnvironment()}. The {@code
 * yandexart-auth} module provides one for service-account keys and the metadata service.
 *
 * <p>Implementations must be thread-safe and must not use the network in {@code fromEnvironment} (reading a
 * file the environment names is fine: a broken file should fail early).
 */
public interface CredentialsProvider {
  /**
   * The credentials {@code env} asks for, or empty when it names none this provider handles.
   *
   * @param iamEndpoint where credentials that need IAM exchange their secrets for tokens: {@link
   *     io.github.yandexart.ClientConfig#iamEndpoint()}, already checked (the one owner of {@code
   *     YC_IAM_ENDPOINT})
   * @throws IllegalArgumentException when a variable this provider reads has a wrong value (thrown to
   *     the caller; anything else a provider throws makes it skipped as broken)
   */
  Optional<Credentials> fromEnvironment(Map<String, String> env, URI iamEndpoint);
}
