package io.github.yandexart.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.yandexart.testkit.InMemoryOperationStore;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** An emulator built to serve one side starts only that one. */
class YandexArtEmulatorServeTest {
  @Test
  void restOnlyServesRestAndSaysSoWhenAskedForGrpc() throws Exception {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build())
        .serve(true, false).build().start()) {
      URI rest = emulator.restEndpoint();
      HttpURLConnection c = (HttpURLConnection) rest.resolve("/operations/unknown").toURL().openConnection();
      c.setRequestProperty("Authorization", "Api-Key k");
      assertThat(c.getResponseCode()).as("REST answers").isEqualTo(404);
      c.disconnect();
      assertThatThrownBy(emulator::grpcEndpoint).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("serves no gRPC");
    }
  }

  @Test
  void grpcOnlyServesGrpcAndSaysSoWhenAskedForRest() throws Exception {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build())
        .serve(false, true).build().start()) {
      URI grpc = emulator.grpcEndpoint();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(grpc.getHost(), grpc.getPort()), 5_000);
        assertThat(s.isConnected()).as("gRPC listens").isTrue();
      }
      assertThatThrownBy(emulator::restEndpoint).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("serves no REST");
    }
  }

  @Test
  void servingNothingIsRefused() {
    assertThatThrownBy(() -> YandexArtEmulator.builder().serve(false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
