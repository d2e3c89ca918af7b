package io.github.yandexart;

/**
 * Hears how a wait is going, for progress lines and metrics. Called on the client's scheduler or
 * transport threads: return quickly and never block.
 */
public interface WaitListener {
  /** A listener that ignores everything. */
  WaitListener NONE = new WaitListener() {};

  /** An operation read succeeded; {@code reads} counts the successful reads of this wait so far. */
  default void onRead(Operation snapshot, int reads) {}

  /** A read failed and will be tried again; {@code failures} counts failures in a row. */
  default void onReadFailed(ApiCallException failure, int failures) {}
}
