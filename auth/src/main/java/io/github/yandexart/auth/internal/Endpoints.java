package io.github.yandexart.auth.internal;

import io.github.yandexart.ClientConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks the base URLs of the IAM endpoint and the metadata service. */
public final class Endpoints {
  private Endpoints() {}

  /**
   * An IAM endpoint base URL such as {@code https://iam.api.cloud.yandex.net}: {@code http://} only for
   * loopback hosts unless {@code allowInsecure}, no path.
   *
   * @param what names the setting in messages: {@code "IAM endpoint"}, {@code "YC_IAM_ENDPOINT"}
   */
  public static URI iamEndpoint(URI uri, String what, boolean allowInsecure) {
    URI base = base(uri, what, "https://iam.api.cloud.yandex.net");
    if (ClientConfig.isPlaintext(base) && !allowInsecure && !ClientConfig.isLoopback(base.getHost())) {
      throw new IllegalArgumentException(what + " " + uri + " is plaintext http:// to a host that is not"
          + " loopback, which would send the signed JWT and the IAM token unencrypted: use https://, or"
          + " allowInsecure(true) if you really mean it");
    }
    return base;
  }

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
    return base(uri, what, "http://169.254.169.254");
  }

  private static URI base(URI uri, String what, String example) {
    if (uri.getRawUserInfo() != null) {
      // Checked first, and the URL not repeated: user information may hold a password.
      throw new IllegalArgumentException(what + " has user information in it: give only scheme, host"
          + " and port, such as " + example);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(what + " " + uri + " must be an http:// or https:// URL such as " + example);
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(what + " " + uri + " has no host: give a URL such as " + example);
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(what + " " + uri + " has a path or query: give only the base,"
          + " such as " + example);
    }
    return URI.create(scheme + "://" + uri.getRawAuthority());
  }
}
