package io.github.yandexart.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import org.junit.jupiter.api.Test;

class ProtoMappingTest {
  @Test
  void requestWithDefaultOptionsHasNoGenerationOptions() {
    var proto = ProtoMapping.toProto(ImageGenerationRequest.of(ModelUri.of("b1gmap"), "a cat"));

    assertThat(proto.getModelUri()).isEqualTo("art://b1gmap/yandex-art/latest");
    assertThat(proto.getMessagesList()).singleElement().satisfies(m -> {
      assertThat(m.getText()).isEqualTo("a cat");
      assertThat(m.getWeight()).isEqualTo(1.0);
    });
    assertThat(proto.hasGenerationOptions()).isFalse();
  }

  @Test
  void everyOptionThatIsSetIsSent() {
    var proto = ProtoMapping.toProto(ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gmap"))
        .addMessage("a cat", 2)
        .addMessage("dogs", -1)
        .options(ImageGenerationOptions.builder()
            .mimeType("image/jpeg").seed(Long.MAX_VALUE).aspectRatio(AspectRatio.of(16, 9)).build())
        .build());

    assertThat(proto.getMessagesList()).extracting(m -> m.getText() + "@" + m.getWeight())
        .containsExactly("a cat@2.0", "dogs@-1.0");
    assertThat(proto.getGenerationOptions().getMimeType()).isEqualTo("image/jpeg");
    assertThat(proto.getGenerationOptions().getSeed()).isEqualTo(Long.MAX_VALUE);
    assertThat(proto.getGenerationOptions().getAspectRatio().getWidthRatio()).isEqualTo(16);
    assertThat(proto.getGenerationOptions().getAspectRatio().getHeightRatio()).isEqualTo(9);
  }

  @Test
  void durationsAreWrittenAsProto3JsonDoes() {
    assertThat(ProtoMapping.jsonDuration(Duration.newBuilder().setSeconds(3).build())).isEqualTo("3s");
    assertThat(ProtoMapping.jsonDuration(Duration.newBuilder().setSeconds(1).setNanos(500_000_000).build()))
        .isEqualTo("1.500s");
    assertThat(ProtoMapping.jsonDuration(Duration.newBuilder().setNanos(1_000).build()))
        .isEqualTo("0.000001s");
    assertThat(ProtoMapping.jsonDuration(Duration.newBuilder().setNanos(7).build()))
        .isEqualTo("0.000000007s");
  }
}
