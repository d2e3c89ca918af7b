package io.github.yandexart.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.proto.imagegeneration.ImageGenerationAsyncServiceGrpc;
import io.github.yandexart.proto.imagegeneration.ImageGenerationRequest;
import io.github.yandexart.proto.imagegeneration.Message;
import io.github.yandexart.testkit.InMemoryOperationStore;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The emulator facade serves its store over gRPC on loopback. */
class YandexArtEmulatorGrpcTest {
  @Test
  void grpcEndpointServesTheStoreAndRecordsTheCall() throws InterruptedException {
    try (YandexArtEmulator emulator = YandexArtEmulator.builder()
        .store(InMemoryOperationStore.builder().smallImages(true).build())
        .build()
        .start()) {
      URI endpoint = emulator.grpcEndpoint();
      assertThat(endpoint.getScheme()).isEqualTo("http");
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
      ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint.getHost(), endpoint.getPort())
          .usePlaintext().build();
      try {
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t1.test");
        String id = ImageGenerationAsyncServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .generate(ImageGenerationRequest.newBuilder()
                .setModelUri("art://b1gfacade/yandex-art/latest")
                .addMessages(Message.newBuilder().setText("a facade").setWeight(1))
                .build())
            .getId();

        assertThat(emulator.store().operationIds()).containsExactly(id);
        assertThat(emulator.requests()).singleElement().satisfies(r -> {
          assertThat(r.protocol()).isEqualTo(RecordedRequest.Protocol.GRPC);
          assertThat(r.header("authorization")).contains("Bearer t1.test");
        });
        emulator.reset();
        assertThat(emulator.requests()).isEmpty();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
