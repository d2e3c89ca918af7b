/**
 * The YandexART service on real loopback sockets, for tests and local development: {@link
 * io.github.yandexart.emulator.YandexArtEmulator} serves one in-memory store over REST and gRPC with
 * the service's wire formats, fault injection and an IAM token exchange; {@link
 * io.github.yandexart.emulator.YandexArtEmulatorExtension} runs one per JUnit 5 test class.
 *
 * <p>Everything here is non-null unless documented otherwise, and thread-safe.
 */
package io.github.yandexart.emulator;
