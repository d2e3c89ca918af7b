/** The {@code yandexart batch} commands: a thin layer over {@code yandexart-batch}. */
package io.github.yandexart.cli.batch;
