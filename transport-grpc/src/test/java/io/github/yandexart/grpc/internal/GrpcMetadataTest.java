package io.github.yandexart.grpc.internal;

import static io.github.yandexart.grpc.internal.TestCalls.await;
import static io.github.yandexart.grpc.internal.TestCalls.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ClientConfig;
import io.github.yandexart.Credentials;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.emulator.RecordedRequest;
import io.github.yandexart.emulator.YandexArtEmulatorExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What goes on the wire with each call, as the emulator records it. */
class GrpcMetadataTest {
  private static final ImageGenerationRequest REQUEST =
      ImageGenerationRequest.of(ModelUri.of("b1gheaders"), "a red cat");

  @RegisterExtension
  static final YandexArtEmulatorExtension EMULATOR = YandexArtEmulatorExtension.withSmallImages();

  /** Submits, reads and cancels with {@code config}; returns what the emulator received. */
  private static List<RecordedRequest> threeCalls(ClientConfig config) {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config)) {
      String id = await(generator.submit(REQUEST)).id();
      await(generator.getOperation(id));
      await(generator.cancelOperation(id));
    }
    List<RecordedRequest> requests = EMULATOR.emulator().requests();
    assertThat(requests).hasSize(3);
    return requests;
  }

  @Test
  void apiKeyIsSentAsAuthorizationOnEveryCallWithoutAFolderHeader() {
    List<RecordedRequest> requests = threeCalls(config(EMULATOR.emulator().grpcEndpoint())
        .credentials(Credentials.apiKey("the-api-key"))
        .folderId("b1gfolder")
        .build());

    assertThat(requests).allSatisfy(r -> {
      assertThat(r.header("authorization")).contains("Api-Key the-api-key");
      assertThat(r.headers()).doesNotContainKey("x-folder-id");
    });
  }

  @Test
  void iamTokenIsSentAsBearerWithTheFolderId() {
    List<RecordedRequest> requests = threeCalls(config(EMULATOR.emulator().grpcEndpoint())
        .credentials(Credentials.iamToken("t1.iam-token"))
        .folderId("b1gfolder")
        .build());

    assertThat(requests).allSatisfy(r -> {
      assertThat(r.header("authorization")).contains("Bearer t1.iam-token");
      assertThat(r.header("x-folder-id")).contains("b1gfolder");
    });
  }

  @Test
  void iamTokenWithoutAConfiguredFolderSendsNoFolderHeader() {
    List<RecordedRequest> requests = threeCalls(config(EMULATOR.emulator().grpcEndpoint())
        .credentials(Credentials.iamToken("t1.iam-token"))
        .build());

    assertThat(requests).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("x-folder-id"));
  }

  @Test
  void dataLoggingHeaderIsSentOnlyWhenConfigured() {
    List<RecordedRequest> off = threeCalls(config(EMULATOR.emulator().grpcEndpoint()).dataLogging(false).build());
    EMULATOR.emulator().reset();
    List<RecordedRequest> on = threeCalls(config(EMULATOR.emulator().grpcEndpoint()).dataLogging(true).build());
    EMULATOR.emulator().reset();
    List<RecordedRequest> unset = threeCalls(config(EMULATOR.emulator().grpcEndpoint()).build());

    assertThat(off).allSatisfy(r -> assertThat(r.header("x-data-logging-enabled")).contains("false"));
    assertThat(on).allSatisfy(r -> assertThat(r.header("x-data-logging-enabled")).contains("true"));
    assertThat(unset).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("x-data-logging-enabled"));
  }

  @Test
  void everyCallSendsAFreshClientRequestIdFromTheConfiguredSupplier() {
    AtomicInteger n = new AtomicInteger();
    List<RecordedRequest> requests = threeCalls(config(EMULATOR.emulator().grpcEndpoint())
        .requestIdSupplier(() -> "client-request-" + n.incrementAndGet())
        .build());

    assertThat(requests).extracting(r -> r.header("x-client-request-id").orElseThrow())
        .containsExactly("client-request-1", "client-request-2", "client-request-3");
  }

  @Test
  void defaultClientRequestIdsAreDistinctUuids() {
    List<RecordedRequest> requests = threeCalls(config(EMULATOR.emulator().grpcEndpoint()).build());

    assertThat(requests).extracting(r -> r.header("x-client-request-id").orElseThrow())
        .doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
  }

  @Test
  void userAgentNamesTheSdkAndTheUsersSuffix() {
    ClientConfig config = config(EMULATOR.emulator().grpcEndpoint()).userAgentSuffix("my-app/1.2").build();
    List<RecordedRequest> requests = threeCalls(config);

    assertThat(requests).allSatisfy(r ->
        assertThat(r.header("user-agent").orElseThrow()).startsWith(config.userAgent()).contains("my-app/1.2"));
  }

  @Test
  void callsGoToTheServicesMethodsWithOnlyTheFieldsThatAreSet() {
    List<RecordedRequest> requests = threeCalls(config(EMULATOR.emulator().grpcEndpoint()).build());
    String id = EMULATOR.store().operationIds().get(0);

    assertThat(requests).extracting(RecordedRequest::method).containsExactly(
        "yandex.cloud.ai.foundation_models.v1.image_generation.ImageGenerationAsyncService/Generate",
        "yandex.cloud.operation.OperationService/Get",
        "yandex.cloud.operation.OperationService/Cancel");
    assertThat(requests.get(0).body())
        .contains("model_uri: \"art://b1gheaders/yandex-art/latest\"", "text: \"a red cat\"", "weight: 1.0")
        .doesNotContain("generation_options");
    assertThat(requests.get(1).body().trim()).isEqualTo("operation_id: \"" + id + "\"");
    assertThat(requests.get(2).body().trim()).isEqualTo("operation_id: \"" + id + "\"");
  }

  @Test
  void onlyTheOptionsThatAreSetAreSent() {
    try (GrpcImageGenerator generator = GrpcImageGenerator.create(config(EMULATOR.emulator().grpcEndpoint()).build())) {
      await(generator.submit(REQUEST.toBuilder()
          .options(ImageGenerationOptions.builder().seed(9).build()).build()));
    }

    String body = EMULATOR.emulator().requests().get(0).body();
    assertThat(body).contains("generation_options {", "seed: 9").doesNotContain("mime_type", "aspect_ratio");
  }
}
