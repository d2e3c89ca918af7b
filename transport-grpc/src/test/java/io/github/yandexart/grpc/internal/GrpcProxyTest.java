package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.emulator.YandexArtEmulatorExtension;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ClientConfig's proxy: the channel tunnels through it with HTTP CONNECT. */
class GrpcProxyTest {
  @RegisterExtension
  static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();

  @Test
  void anExplicitProxyCarriesTheCallsThroughAConnectTunnel() throws IOException {
    URI endpoint = EMULATOR.emulator().grpcEndpoint();
    try (ConnectProxy proxy = new ConnectProxy();
        GrpcImageGenerator generator = GrpcImageGenerator.create(
            config(endpoint).proxy("127.0.0.1", proxy.port()).build())) {
      Operation submitted = await(generator.submit(ImageGenerationRequest.of(ModelUri.of("b1gproxy"), "a red cat")));
      Operation read = await(generator.getOperation(submitted.id()));

      assertThat(read.id()).isEqualTo(submitted.id());
      assertThat(proxy.connects()).singleElement().asString()
          .startsWith("CONNECT ").endsWith(":" + endpoint.getPort() + " HTTP/1.1");
    }
  }
}
