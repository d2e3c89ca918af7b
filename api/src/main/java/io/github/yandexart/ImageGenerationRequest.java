package io.github.yandexart;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request to generate one image: the model, the prompt as weighted messages, and options.
 *
 * <pre>{@code
 * ImageGenerationRequest request = ImageGenerationRequest.builder()
 *     .modelUri(ModelUri.of("b1gexample"))
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
    if (b.modelUri == null) {
      throw new IllegalArgumentException(
          "request has no model URI: set modelUri(ModelUri.of(\"<folder id>\"))");
    }
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

  public ModelUri modelUri() {
    return modelUri;
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
    return modelUri.equals(other.modelUri)
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
