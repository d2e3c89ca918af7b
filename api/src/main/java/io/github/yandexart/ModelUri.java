package io.github.yandexart;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The model to generate with: {@code art://<folder id>/yandex-art/latest}. The folder id is
 * required; the service refuses a URI without one.
 *
 * <pre>{@code
 * ModelUri.of("b1gexample");                       // art://b1gexample/yandex-art/latest
 * ModelUri.parse("art://b1gexample/yandex-art");   // any model URI the service accepts
 * }</pre>
 */
public final class ModelUri {
  private static final Pattern FOLDER_ID = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern URI = Pattern.compile("[a-z][a-z0-9+.-]*://([^/]*)/[^/\\s]+(/[^/\\s]+)?");

  private static final String MODEL_NAME = "yandex-art";

  private final String value;
  private final String folderId;

  private ModelUri(String value, String folderId) {
    this.value = value;
    this.folderId = folderId;
  }

  /** {@code art://<folderId>/yandex-art/latest}. */
  public static ModelUri of(String folderId) {
    Objects.requireNonNull(folderId, "folderId");
    if (!FOLDER_ID.matcher(folderId).matches()) {
      throw new IllegalArgumentException(
          "folder id \"" + folderId + "\" is not a Yandex Cloud folder id: copy it from the"
              + " console or `yc resource-manager folder list` (it looks like b1g...)");
    }
    return new ModelUri("art://" + folderId + "/" + MODEL_NAME + "/latest", folderId);
  }

  /** Parses a full model URI such as {@code art://b1g.../yandex-art/latest}. */
  public static ModelUri parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    var m = URI.matcher(uri.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "model URI \"" + uri + "\" is not of the form art://<folder id>/yandex-art/latest");
    }
    String folder = m.group(1);
    // "art://yandex-art/latest" is the documented URI with the folder left out, not a folder named
    // "yandex-art": the service would refuse it with a less helpful message.
    if (folder.isEmpty() || !FOLDER_ID.matcher(folder).matches() || folder.equals(MODEL_NAME)) {
      throw new IllegalArgumentException(
          "model URI \"" + uri + "\" has no folder id: write art://<folder id>/yandex-art/latest");
    }
    return new ModelUri(uri.trim(), folder);
  }

  public String folderId() {
    return folderId;
  }

  /** The URI as sent on the wire. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelUri && ((ModelUri) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
