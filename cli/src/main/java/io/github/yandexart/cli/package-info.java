/**
 * The {@code yandexart} command line: {@link io.github.yandexart.cli.YandexArtCli} and its
 * subcommands. Not an API: run it, don't link against it.
 */
package io.github.yandexart.cli;
