package io.github.yandexart.auth.internal;

import io.github.yandexart.ClientConfig;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Reads the metadata service's address; the URL itself is checked by {@link
 * ClientConfig#checkEndpoint(URI, String, boolean)}, as every endpoint of the SDK is.
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * The metadata service's base URL from {@code host}, {@code host:port} or a URL such as {@code
   * http://host:port}; plaintext is normal there (it is a link-local service).
   */
  public static URI metadataAddress(String address, String what) {
    String a = address.strip();
    if (a.isEmpty()) {
      throw new IllegalArgumentException(what + " is blank: give host:port or a URL such as http://169.254.169.254");
    }
    URI uri;
    try {
      uri = new URI(a.contains("://") ? a : "http://" + a);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(what + " \"" + a + "\" is neither host:port nor a URL"
          + " such as http://169.254.169.254");
    }
    return ClientConfig.checkEndpoint(uri, what, true);
  }
}
