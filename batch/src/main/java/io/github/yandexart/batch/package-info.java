/**
 * Durable batch generation: {@link io.github.yandexart.batch.BatchRunner} runs a list of {@link
 * io.github.yandexart.batch.BatchItem}s against a client, recording every step in a {@link
 * io.github.yandexart.batch.BatchJournal} (SQLite, PostgreSQL or in memory) so that a batch survives
 * a crash without paying twice for an image. Values are immutable; nothing is null unless documented.
 */
package io.github.yandexart.batch;
