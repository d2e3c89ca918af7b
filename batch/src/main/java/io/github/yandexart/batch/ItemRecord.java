package io.github.yandexart.batch;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** What a journal holds about one item: the item, its state and what is known of its operation. */
public final class ItemRecord {
  private final BatchItem item;
  private final ItemState state;
  private final String clientRequestId;
  private final String operationId;
  private final String file;
  private final String sha256;
  private final Long size;
  private final String modelVersion;
  private final String errorCode;
  private final String errorMessage;
  private final String workerId;

  private ItemRecord(Builder b) {
    this.item = Objects.requireNonNull(b.item, "item");
    this.state = Objects.requireNonNull(b.state, "state");
    this.clientRequestId = b.clientRequestId;
    this.operationId = b.operationId;
    this.file = b.file;
    this.sha256 = b.sha256;
    this.size = b.size;
    this.modelVersion = b.modelVersion;
    this.errorCode = b.errorCode;
    this.errorMessage = b.errorMessage;
    this.workerId = b.workerId;
  }

  public static Builder builder(BatchItem item, ItemState state) {
    return new Builder(item, state);
  }

  public Builder toBuilder() {
    Builder b = new Builder(item, state);
    b.clientRequestId = clientRequestId;
    b.operationId = operationId;
    b.file = file;
    b.sha256 = sha256;
    b.size = size;
    b.modelVersion = modelVersion;
    b.errorCode = errorCode;
    b.errorMessage = errorMessage;
    b.workerId = workerId;
    return b;
  }

  public BatchItem item() {
    return item;
  }

  public int line() {
    return item.line();
  }

  public ItemState state() {
    return state;
  }

  /** The {@code x-client-request-id} of the latest submit, recorded before it was sent. */
  public Optional<String> clientRequestId() {
    return Optional.ofNullable(clientRequestId);
  }

  public Optional<String> operationId() {
    return Optional.ofNullable(operationId);
  }

  /** The image file, as the worker that wrote it named it. */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }

  public Optional<String> sha256() {
    return Optional.ofNullable(sha256);
  }

  public OptionalLong size() {
    return size == null ? OptionalLong.empty() : OptionalLong.of(size);
  }

  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  /** The status code name of a failure ({@code INVALID_ARGUMENT}), or of the call that left it ambiguous. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  public Optional<String> errorMessage() {
    return Optional.ofNullable(errorMessage);
  }

  /** The worker that holds the item, or that wrote its file. */
  public Optional<String> workerId() {
    return Optional.ofNullable(workerId);
  }

  @Override
  public String toString() {
    return "ItemRecord{line=" + item.line() + ", state=" + state
        + (operationId != null ? ", operation=" + operationId : "") + "}";
  }

  /** Builds an {@link ItemRecord}; for journals. */
  public static final class Builder {
    private final BatchItem item;
    private final ItemState state;
    private String clientRequestId;
    private String operationId;
    private String file;
    private String sha256;
    private Long size;
    private String modelVersion;
    private String errorCode;
    private String errorMessage;
    private String workerId;

    private Builder(BatchItem item, ItemState state) {
      this.item = item;
      this.state = state;
    }

    public Builder clientRequestId(String v) {
      this.clientRequestId = v;
      return this;
    }

    public Builder operationId(String v) {
      this.operationId = v;
      return this;
    }

    public Builder file(String v) {
      this.file = v;
      return this;
    }

    public Builder sha256(String v) {
      this.sha256 = v;
      return this;
    }

    public Builder size(Long v) {
      this.size = v;
      return this;
    }

    public Builder modelVersion(String v) {
      this.modelVersion = v;
      return this;
    }

    public Builder error(String code, String message) {
      this.errorCode = code;
      this.errorMessage = message;
      return this;
    }

    public Builder workerId(String v) {
      this.workerId = v;
      return this;
    }

    public ItemRecord build() {
      return new ItemRecord(this);
    }
  }
}
