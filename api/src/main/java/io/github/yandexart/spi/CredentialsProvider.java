package io.github.yandexart.spi;

import io.github.yandexart.Credentials;
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
  /** The credentials {@code env} asks for, or empty when it names none this provider handles. */
  Optional<Credentials> fromEnvironment(Map<String, String> env);
}
