package io.github.yandexart.batch;

/**
 * Where an item is. States only move forward: PENDING → SUBMITTING → SUBMITTED → DONE | FAILED |
 * CANCELLED, or SUBMITTING → AMBIGUOUS when nobody can know whether the service accepted the submit.
 * Two moves go back, both when nothing was paid for: a submit the service provably did not accept
 * returns SUBMITTING to PENDING, and {@code resubmitAmbiguous} takes an AMBIGUOUS item to SUBMITTING
 * again on the user's word.
 */
public enum ItemState {
  /** Not sent yet. */
  PENDING,
  /** The intent to submit (with its client request id) is recorded; the request may be on its way. */
  SUBMITTING,
  /** The service accepted the submit: the operation id is recorded, the image is being waited for. */
  SUBMITTED,
  /** The image is written (file, sha256, size recorded). */
  DONE,
  /** The operation failed or the service refused the request; the code and message are recorded. */
  FAILED,
  /** The operation was cancelled. */
  CANCELLED,
  /**
   * A submit may or may not have been accepted (the reply was lost, or the worker died between
   * intent and id). Never submitted again on its own: Generate is not idempotent.
   */
  AMBIGUOUS;

  /** DONE, FAILED or CANCELLED: nothing more will happen to the item. */
  public boolean isFinal() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }
}
