package io.github.yandexart.batch;

import io.github.yandexart.AspectRatio;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.Message;
import io.github.yandexart.ModelUri;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One image to make: a prompt and its options, from one line of an input file.
 *
 * <pre>{@code
 * BatchItem item = BatchItem.builder(1, "a red cat").seed(42).aspectRatio(AspectRatio.of(16, 9)).build();
 * }</pre>
 *
 * <p>The line number is the item's identity in a journal; the output file is named from {@link
 * #name()} or, without one, from the line and a slug of the prompt ({@link #stem()}). Immutable.
 */
public final class BatchItem {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

  private final int line;
  private final String prompt;
  private final List<String> negatives;
  private final Long seed;
  private final AspectRatio aspectRatio;
  private final String mimeType;
  private final String name;

  private BatchItem(Builder b) {
    if (b.line < 1) {
      throw new IllegalArgumentException("line " + b.line + " must be at least 1");
    }
    this.line = b.line;
    this.prompt = Objects.requireNonNull(b.prompt, "prompt");
    this.negatives = List.copyOf(b.negatives);
    this.seed = b.seed;
    this.aspectRatio = b.aspectRatio;
    this.mimeType = b.mimeType;
    this.name = b.name;
    if (name != null && (!SAFE_NAME.matcher(name).matches() || name.endsWith("."))) {
      throw new IllegalArgumentException("name \"" + name + "\" is not a plain file name: use 1 to 100 letters,"
          + " digits, '.', '_' or '-', not starting with '.' or '-'");
    }
    // Validates the prompt, negatives, seed and mime type as the service's values do.
    request(ModelUri.of("check"));
  }

  /** An item for the prompt on {@code line} (1-based) of its input. */
  public static Builder builder(int line, String prompt) {
    return new Builder(line, prompt);
  }

  public int line() {
    return line;
  }

  public String prompt() {
    return prompt;
  }

  /** Texts to avoid, sent as messages with weight -1. */
  public List<String> negatives() {
    return negatives;
  }

  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  public Optional<AspectRatio> aspectRatio() {
    return Optional.ofNullable(aspectRatio);
  }

  public Optional<String> mimeType() {
    return Optional.ofNullable(mimeType);
  }

  /** The output file's stem the input asked for. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The output file's stem: {@link #name()}, else {@code <line>-<slug of the prompt>}. */
  public String stem() {
    if (name != null) {
      return name;
    }
    String slug = slug(prompt);
    return slug.isEmpty() ? Integer.toString(line) : line + "-" + slug;
  }

  /** The request this item sends to {@code model}. */
  public ImageGenerationRequest request(ModelUri model) {
    ImageGenerationRequest.Builder b = ImageGenerationRequest.builder().modelUri(model).addMessage(prompt);
    for (String negative : negatives) {
      b.addMessage(Message.of(negative, -1));
    }
    ImageGenerationOptions.Builder options = ImageGenerationOptions.builder();
    if (seed != null) {
      options.seed(seed);
    }
    if (aspectRatio != null) {
      options.aspectRatio(aspectRatio);
    }
    if (mimeType != null) {
      options.mimeType(mimeType);
    }
    return b.options(options.build()).build();
  }

  static String slug(String text) {
    StringBuilder s = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < text.length() && s.length() < 40; i++) {
      char c = Character.toLowerCase(text.charAt(i));
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        if (dash && s.length() > 0) {
          s.append('-');
        }
        s.append(c);
        dash = false;
      } else {
        dash = true;
      }
    }
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BatchItem)) {
      return false;
    }
    BatchItem i = (BatchItem) o;
    return line == i.line && prompt.equals(i.prompt) && negatives.equals(i.negatives)
        && Objects.equals(seed, i.seed) && Objects.equals(aspectRatio, i.aspectRatio)
        && Objects.equals(mimeType, i.mimeType) && Objects.equals(name, i.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(line, prompt, negatives, seed, aspectRatio, mimeType, name);
  }

  @Override
  public String toString() {
    return "BatchItem{line=" + line + ", stem=" + stem() + "}";
  }

  /** Builds a {@link BatchItem}; not thread-safe. */
  public static final class Builder {
    private final int line;
    private final String prompt;
    private List<String> negatives = List.of();
    private Long seed;
    private AspectRatio aspectRatio;
    private String mimeType;
    private String name;

    private Builder(int line, String prompt) {
      this.line = line;
      this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    public Builder negatives(List<String> negatives) {
      this.negatives = List.copyOf(negatives);
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder aspectRatio(AspectRatio aspectRatio) {
      this.aspectRatio = aspectRatio;
      return this;
    }

    public Builder mimeType(String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /** The output file's stem: letters, digits, '.', '_', '-'; never a path. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** @throws IllegalArgumentException with what to fix */
    public BatchItem build() {
      return new BatchItem(this);
    }
  }
}
