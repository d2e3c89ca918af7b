package io.github.yandexart.batch;

/**
 * Told how a batch goes. Called on the runner's thread: return quickly.
 */
public interface BatchListener {
  BatchListener NONE = new BatchListener() {};

  /** Every progress interval, and once at the end. */
  default void onProgress(BatchStatus status) {}

  /** An item reached DONE, FAILED, CANCELLED or AMBIGUOUS in this worker. */
  default void onItem(ItemRecord record) {}

  /** Something the user should know that is not an item's outcome (a late reply, a lost file). */
  default void onWarning(String message) {}
}
