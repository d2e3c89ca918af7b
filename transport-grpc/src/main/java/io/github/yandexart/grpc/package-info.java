/**
 * The gRPC transport of yandexart-java: {@link io.github.yandexart.grpc.GrpcImageGeneratorProvider},
 * found by {@link io.github.yandexart.ImageGenerators} as transport {@code "grpc"}. Everything else
 * of this module is in {@code io.github.yandexart.grpc.internal}, which is not API.
 *
 * <p>Everything here is non-null unless documented otherwise.
 */
package io.github.yandexart.grpc;
