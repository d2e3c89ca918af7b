/**
 * Refreshing IAM-token {@link io.github.yandexart.Credentials}: a service account's authorized key
 * ({@link io.github.yandexart.auth.ServiceAccountCredentials}) and the VM metadata service ({@link
 * io.github.yandexart.auth.MetadataServiceCredentials}).
 *
 * <pre>{@code
 * Credentials key = ServiceAccountCredentials.of(ServiceAccountKey.fromFile(Path.of("key.json")));
 * Credentials vm = MetadataServiceCredentials.builder().build();
 * Credentials any = Credentials.fromEnvironment();  // YC_API_KEY, YC_IAM_TOKEN,
 *                                                   // YC_SERVICE_ACCOUNT_KEY_FILE, YC_METADATA_ADDR
 * }</pre>
 *
 * <p>Everything here is non-null unless documented otherwise; absent values are empty {@link
 * java.util.Optional}s. All types are thread-safe, and none ever shows a key, JWT or token in {@code
 * toString()}, logs or exception messages.
 */
package io.github.yandexart.auth;
