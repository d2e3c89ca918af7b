package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGenerationRequestTest {
  private static final ModelUri MODEL = ModelUri.of("b1gexample");

  @Test
  void ofMakesAOneMessageRequestWithDefaultOptions() {
    ImageGenerationRequest r = ImageGenerationRequest.of(MODEL, "a red cat");
    assertThat(r.modelUri()).hasValue(MODEL);
    assertThat(r.messages()).containsExactly(Message.of("a red cat"));
    assertThat(r.options()).isEqualTo(ImageGenerationOptions.defaults());
  }

  @Test
  void noMessagesIsRefusedSayingHowToAddOne() {
    assertThatThrownBy(() -> ImageGenerationRequest.builder().modelUri(MODEL).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request has no messages: add the prompt with addMessage(text)");
  }

  @Test
  void aRequestWithoutAModelUsesTheConfiguredFoldersLatestModel() {
    ImageGenerationRequest r = ImageGenerationRequest.of("a red cat");
    assertThat(r.modelUri()).isEmpty();
    assertThat(r.resolveModelUri(java.util.Optional.of("b1gconfigured")).value())
        .isEqualTo("art://b1gconfigured/yandex-art/latest");
    assertThat(r.withResolvedModelUri(java.util.Optional.of("b1gconfigured")).modelUri())
        .hasValue(ModelUri.of("b1gconfigured"));
    assertThat(r.withResolvedModelUri(java.util.Optional.of("b1gconfigured")).messages()).isEqualTo(r.messages());
  }

  @Test
  void aRequestsOwnModelWinsOverTheConfiguredFolder() {
    ImageGenerationRequest r = ImageGenerationRequest.of(MODEL, "a red cat");
    assertThat(r.resolveModelUri(java.util.Optional.of("b1gother"))).isEqualTo(MODEL);
    assertThat(r.withResolvedModelUri(java.util.Optional.of("b1gother"))).isSameAs(r);
  }

  @Test
  void noModelAndNoFolderIsRefusedNamingTheSettingToFix() {
    ImageGenerationRequest r = ImageGenerationRequest.of("a red cat");
    assertThatThrownBy(() -> r.resolveModelUri(java.util.Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("YC_FOLDER_ID").hasMessageContaining("ClientConfig.builder().folderId");
  }

  @Test
  void onlyNegativeOrZeroWeightsAreRefused() {
    assertThatThrownBy(() -> ImageGenerationRequest.builder().modelUri(MODEL)
            .addMessage("blurry", -1).addMessage("dark", 0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request has no message with a positive weight: add what to draw, not only what to avoid");
  }

  @Test
  void aNegativePromptNextToAPositiveOneIsAccepted() {
    ImageGenerationRequest r = ImageGenerationRequest.builder().modelUri(MODEL)
        .addMessage("blurry", -1).addMessage("a cat", 0.5).build();
    assertThat(r.messages()).extracting(Message::weight).containsExactly(-1.0, 0.5);
  }

  @Test
  void messagesAreACopyThatCannotBeChanged() {
    List<Message> source = new ArrayList<>(List.of(Message.of("cat")));
    ImageGenerationRequest r = ImageGenerationRequest.builder().modelUri(MODEL).messages(source).build();
    source.add(Message.of("dog"));
    assertThat(r.messages()).containsExactly(Message.of("cat"));
    assertThatThrownBy(() -> r.messages().add(Message.of("dog")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theBuilderCanBeReusedWithoutChangingBuiltRequests() {
    ImageGenerationRequest.Builder b = ImageGenerationRequest.builder().modelUri(MODEL).addMessage("cat");
    ImageGenerationRequest first = b.build();
    b.addMessage("dog");
    assertThat(first.messages()).hasSize(1);
    assertThat(b.build().messages()).hasSize(2);
  }

  @Test
  void toBuilderRoundTripsAndCanChangeOneField() {
    ImageGenerationRequest r = ImageGenerationRequest.builder().modelUri(MODEL).addMessage("cat", 2)
        .options(ImageGenerationOptions.builder().seed(3).build()).build();
    assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
    ImageGenerationRequest other = r.toBuilder().options(ImageGenerationOptions.defaults()).build();
    assertThat(other).isNotEqualTo(r);
    assertThat(other.messages()).isEqualTo(r.messages());
    assertThat(r.toBuilder().modelUri(ModelUri.of("b1gother")).build()).isNotEqualTo(r);
    assertThat(r.toBuilder().addMessage("dog").build()).isNotEqualTo(r);
  }

  @Test
  void messagesReplacesEarlierMessages() {
    ImageGenerationRequest r = ImageGenerationRequest.builder().modelUri(MODEL).addMessage("cat")
        .messages(List.of(Message.of("dog"))).build();
    assertThat(r.messages()).containsExactly(Message.of("dog"));
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> ImageGenerationRequest.builder().modelUri(null)).hasMessage("modelUri");
    assertThatThrownBy(() -> ImageGenerationRequest.builder().options(null)).hasMessage("options");
    assertThatThrownBy(() -> ImageGenerationRequest.builder().addMessage((Message) null)).hasMessage("message");
  }
}
