package io.github.yandexart;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a long-running generation, as the service reported it. While {@link #done()} is
 * false the generation is running (unless {@link #error()} is present, which means it failed); once
 * done, exactly one of {@link #error()} and {@link #image()} is present. Wire nulls (the first reply
 * has {@code createdAt: null}) are empty Optionals.
 */
public final class Operation {
  private final String id;
  private final String description;
  private final Instant createdAt;
  private final String createdBy;
  private final Instant modifiedAt;
  private final boolean done;
  private final OperationStatus error;
  private final GeneratedImage image;
  private final Duration pollInterval;

  private Operation(Builder b) {
    if (b.id == null || b.id.isEmpty()) {
      throw new IllegalArgumentException("operation has no id");
    }
    if (b.error != null && b.image != null) {
      throw new IllegalArgumentException("operation " + b.id + " has both an error and an image");
    }
    this.id = b.id;
    this.description = b.description;
    this.createdAt = b.createdAt;
    this.createdBy = b.createdBy;
    this.modifiedAt = b.modifiedAt;
    this.done = b.done;
    this.error = b.error;
    // the image says which operation made it, so a result can be traced once it is on its own
    this.image = b.image == null ? null : b.image.withOperationId(b.id);
    this.pollInterval = b.pollInterval;
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.description = description;
    b.createdAt = createdAt;
    b.createdBy = createdBy;
    b.modifiedAt = modifiedAt;
    b.done = done;
    b.error = error;
    b.image = image;
    b.pollInterval = pollInterval;
    return b;
  }

  /** The operation id: keep it to resume waiting with {@link YandexArtClient#await(String)}. */
  public String id() {
    return id;
  }

  /** The description; empty when the service sent none. */
  public String description() {
    return description;
  }

  public Optional<Instant> createdAt() {
    return Optional.ofNullable(createdAt);
  }

  /** Who created the operation; empty when the service did not say. */
  public String createdBy() {
    return createdBy;
  }

  public Optional<Instant> modifiedAt() {
    return Optional.ofNullable(modifiedAt);
  }

  public boolean done() {
    return done;
  }

  /** The failure, present when the generation failed or was cancelled (code {@code CANCELLED}). */
  public Optional<OperationStatus> error() {
    return Optional.ofNullable(error);
  }

  /** The image, present once the generation succeeded; its {@link GeneratedImage#operationId()} is this id. */
  public Optional<GeneratedImage> image() {
    return Optional.ofNullable(image);
  }

  /**
   * How long the server asked the client to wait before reading this operation again (the {@code
   * x-operation-poll-interval} reply header), if it said. Not part of the operation itself.
   */
  public Optional<Duration> pollInterval() {
    return Optional.ofNullable(pollInterval);
  }

  /** {@code RUNNING}, {@code DONE}, {@code FAILED} or {@code CANCELLED}, for logs and progress lines. */
  public String state() {
    if (error != null) {
      return error.code() == StatusCode.CANCELLED ? "CANCELLED" : "FAILED";
    }
    return done ? "DONE" : "RUNNING";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Operation)) {
      return false;
    }
    Operation other = (Operation) o;
    return id.equals(other.id)
        && description.equals(other.description)
        && Objects.equals(createdAt, other.createdAt)
        && createdBy.equals(other.createdBy)
        && Objects.equals(modifiedAt, other.modifiedAt)
        && done == other.done
        && Objects.equals(error, other.error)
        && Objects.equals(image, other.image)
        && Objects.equals(pollInterval, other.pollInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, done, error, image);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Operation{id=").append(id).append(", ").append(state());
    if (error != null) {
      s.append(", error=").append(error);
    }
    if (image != null) {
      s.append(", image=").append(image);
    }
    if (createdAt != null) {
      s.append(", createdAt=").append(createdAt);
    }
    return s.append('}').toString();
  }

  /** Builds an {@link Operation}; not thread-safe. */
  public static final class Builder {
    private final String id;
    private String description = "";
    private Instant createdAt;
    private String createdBy = "";
    private Instant modifiedAt;
    private boolean done;
    private OperationStatus error;
    private GeneratedImage image;
    private Duration pollInterval;

    private Builder(String id) {
      this.id = id;
    }

    public Builder description(String description) {
      this.description = description == null ? "" : description;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder createdBy(String createdBy) {
      this.createdBy = createdBy == null ? "" : createdBy;
      return this;
    }

    public Builder modifiedAt(Instant modifiedAt) {
      this.modifiedAt = modifiedAt;
      return this;
    }

    public Builder done(boolean done) {
      this.done = done;
      return this;
    }

    /** Sets the error and clears the image. */
    public Builder error(OperationStatus error) {
      this.error = error;
      if (error != null) {
        this.image = null;
      }
      return this;
    }

    /** Sets the image and clears the error. */
    public Builder image(GeneratedImage image) {
      this.image = image;
      if (image != null) {
        this.error = null;
      }
      return this;
    }

    /** The server's poll hint; {@code null} when it gave none. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Operation build() {
      return new Operation(this);
    }
  }
}
