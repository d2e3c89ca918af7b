package io.github.yandexart;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to generate one image: the prompt as weighted messages, options, and the model. The
 * model may be left out: the request then uses {@code art://<folder>/yandex-art/latest} for the
 * folder the client or generator is configured with ({@code ClientConfig.folderId()}, {@code
 * YC_FOLDER_ID}); see {@link #resolveModelUri(Optional)}.
 *
 * <pre>{@code
 * ImageGenerationRequest request = ImageGenerationRequest.builder()
 *     .addMessage("a red cat")
 *     .addMessage("blurry", -1)
 *     .options(ImageGenerationOptions.builder().seed(7).build())
 *     .build();
 * }</pre>
 */
public final class ImageGenerationRequest {
  private final ModelUri modelUri;
  private final List<Message> messages;
  private final ImageGenerationOptions options;

  private ImageGenerationRequest(Builder b) {
    if (b.messages.isEmpty()) {
      throw new IllegalArgumentException("request has no messages: add the prompt with addMessage(text)");
    }
    if (b.messages.stream().noneMatch(m -> m.weight() > 0)) {
      throw new IllegalArgumentException(
          "request has no message with a positive weight: add what to draw, not only what to avoid");
    }
    this.modelUri = b.modelUri;
    this.messages = List.copyOf(b.messages);
    this.options = b.options;
  }

  /** A request for one prompt with the default options and the configured folder's model. */
  public static ImageGenerationRequest of(String prompt) {
    return builder().addMessage(prompt).build();
  }

  /** A request for one prompt with the default options. */
  public static ImageGenerationRequest of(ModelUri modelUri, String prompt) {
    return builder().modelUri(modelUri).addMessage(prompt).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.modelUri = modelUri;
    b.messages.addAll(messages);
    b.options = options;
    return b;
  }

  /** The model to use; empty means the configured folder's {@code yandex-art/latest}. */
  public Optional<ModelUri> modelUri() {
    return Optional.ofNullable(modelUri);
  }

  /**
   * The model this request is for: its own, or {@code art://<folderId>/yandex-art/latest}. Clients
   * and transports call this with the folder they are configured with.
   *
   * @throws IllegalArgumentException when the request names no model and {@code folderId} is empty
   */
  public ModelUri resolveModelUri(Optional<String> folderId) {
    if (modelUri != null) {
      return modelUri;
    }
    return ModelUri.of(folderId.orElseThrow(() -> new IllegalArgumentException(
        "the request names no model and no folder id is configured: set YC_FOLDER_ID or"
            + " ClientConfig.builder().folderId(...), or give the request a modelUri(ModelUri.of(folder))")));
  }

  /** This request with the model resolved by {@link #resolveModelUri} (itself if it has one). */
  public ImageGenerationRequest withResolvedModelUri(Optional<String> folderId) {
    return modelUri != null ? this : toBuilder().modelUri(resolveModelUri(folderId)).build();
  }

  /** The messages, in order; never empty. */
  public List<Message> messages() {
    return messages;
  }

  public ImageGenerationOptions options() {
    return options;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImageGenerationRequest)) {
      return false;
    }
    ImageGenerationRequest other = (ImageGenerationRequest) o;
    return Objects.equals(modelUri, other.modelUri)
        && messages.equals(other.messages)
        && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelUri, messages, options);
  }

  @Override
  public String toString() {
    return "ImageGenerationRequest{modelUri=" + modelUri + ", messages=" + messages
        + ", options=" + options + "}";
  }

  /** Builds {@link ImageGenerationRequest}; not thread-safe. */
  public static final class Builder {
    private ModelUri modelUri;
    private final List<Message> messages = new ArrayList<>();
    private ImageGenerationOptions options = ImageGenerationOptions.defaults();

    private Builder() {}

    /** The model; leave it out for the configured folder's {@code yandex-art/latest}. */
    public Builder modelUri(ModelUri modelUri) {
      this.modelUri = Objects.requireNonNull(modelUri, "modelUri");
      return this;
    }

    public Builder addMessage(Message message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    public Builder addMessage(String text) {
      return addMessage(Message.of(text));
    }

    public Builder addMessage(String text, double weight) {
      return addMessage(Message.of(text, weight));
    }

    /** Replaces all messages. */
    public Builder messages(List<Message> messages) {
      this.messages.clear();
      messages.forEach(this::addMessage);
      return this;
    }

    public Builder options(ImageGenerationOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    public ImageGenerationRequest build() {
      return new ImageGenerationRequest(this);
    }
  }
}
