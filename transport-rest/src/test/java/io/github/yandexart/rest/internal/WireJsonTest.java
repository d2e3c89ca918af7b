package io.github.yandexart.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ModelUri;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON the transport writes and reads, checked against the service's documented samples. */
class WireJsonTest {
  private static final String SUCCULENTS = "a pattern of pastel colored succulents of various sorts, hd full"
      + " wallpaper, sharp focus, many intricate details, picture depth, top view";
  private final WireJson json = new WireJson(64L << 20);
  private final ObjectMapper mapper = new ObjectMapper();

  private static byte[] resource(String name) {
    try (InputStream in = WireJsonTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] goldenImage() {
    return Base64.getDecoder().decode(new String(resource("image.b64"), StandardCharsets.US_ASCII).trim());
  }

  private Operation read(String text) throws IOException {
    return json.readOperation(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  // ---------------------------------------------------------------- requests

  @Test
  void writesTheGuidesRequestBodyWithTheWeightAsANumber() throws IOException {
    ImageGenerationRequest request = ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gexample"))
        .addMessage(SUCCULENTS, 1)
        .options(ImageGenerationOptions.builder().seed(1863).aspectRatio(AspectRatio.of(2, 1)).build())
        .build();

    ObjectNode expected = (ObjectNode) mapper.readTree(new String(resource("guide-request.json"),
        StandardCharsets.UTF_8).replace("<folder_ID>", "b1gexample"));
    // The guide sends the double as "1"; proto3 JSON allows both, the transport writes a number.
    ((ObjectNode) expected.get("messages").get(0)).put("weight", 1);

    assertThat(mapper.readTree(json.writeRequest(request))).isEqualTo(expected);
  }

  @Test
  void writesExactlyTheDefinedFieldsWithInt64AsStrings() {
    ImageGenerationRequest request = ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gexample"))
        .addMessage("a lighthouse", 1)
        .addMessage("blurry", -0.5)
        .options(ImageGenerationOptions.builder()
            .mimeType("image/jpeg").seed(Long.MAX_VALUE).aspectRatio(AspectRatio.of(16, 9)).build())
        .build();

    assertThat(new String(json.writeRequest(request), StandardCharsets.UTF_8)).isEqualTo(
        "{\"modelUri\":\"art://b1gexample/yandex-art/latest\","
            + "\"messages\":[{\"text\":\"a lighthouse\",\"weight\":1},{\"text\":\"blurry\",\"weight\":-0.5}],"
            + "\"generationOptions\":{\"mimeType\":\"image/jpeg\",\"seed\":\"9223372036854775807\","
            + "\"aspectRatio\":{\"widthRatio\":\"16\",\"heightRatio\":\"9\"}}}");
  }

  @Test
  void leavesUnsetOptionsOutEntirely() {
    ImageGenerationRequest request = ImageGenerationRequest.of(ModelUri.of("b1gexample"), "a red cat");
    assertThat(new String(json.writeRequest(request), StandardCharsets.UTF_8)).isEqualTo(
        "{\"modelUri\":\"art://b1gexample/yandex-art/latest\",\"messages\":[{\"text\":\"a red cat\",\"weight\":1}]}");

    ImageGenerationRequest seedOnly = request.toBuilder()
        .options(ImageGenerationOptions.builder().seed(0).build()).build();
    assertThat(new String(json.writeRequest(seedOnly), StandardCharsets.UTF_8))
        .endsWith("\"generationOptions\":{\"seed\":\"0\"}}");
  }

  @Test
  void writesNoFieldTheApiDoesNotDefine() throws IOException {
    ImageGenerationRequest request = ImageGenerationRequest.builder()
        .modelUri(ModelUri.of("b1gexample"))
        .addMessage("text \"quoted\" and unicode: кот", 0.25)
        .options(ImageGenerationOptions.builder()
            .mimeType("image/jpeg").seed(5).aspectRatio(AspectRatio.of(1, 2)).build())
        .build();
    JsonNode tree = mapper.readTree(json.writeRequest(request));
    assertThat(fieldNames(tree)).isSubsetOf(Set.of("modelUri", "messages", "text", "weight",
        "generationOptions", "mimeType", "seed", "aspectRatio", "widthRatio", "heightRatio"));
    assertThat(tree.get("messages").get(0).get("text").asText()).isEqualTo("text \"quoted\" and unicode: кот");
    assertThat(tree.get("messages").get(0).get("weight").isNumber()).isTrue();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        names.add(name);
        names.addAll(fieldNames(node.get(name)));
      }
    } else if (node.isArray()) {
      node.forEach(child -> names.addAll(fieldNames(child)));
    }
    return names;
  }

  // ---------------------------------------------------------------- operations

  @Test
  void readsTheDocumentedFirstResponseWithItsNulls() throws IOException {
    Operation op = json.readOperation(new ByteArrayInputStream(resource("guide-first-response.json")));

    assertThat(op.id()).isEqualTo("fbveu1sntj**********");
    assertThat(op.description()).isEmpty();
    assertThat(op.createdAt()).isEmpty();
    assertThat(op.createdBy()).isEmpty();
    assertThat(op.modifiedAt()).isEmpty();
    assertThat(op.done()).isFalse();
    assertThat(op.error()).isEmpty();
    assertThat(op.image()).isEmpty();
  }

  @Test
  void readsADoneResponseWithTypeAndEmptyModelVersion() throws IOException {
    Operation op = json.readOperation(new ByteArrayInputStream(resource("done-response-with-type.json")));

    assertThat(op.done()).isTrue();
    assertThat(op.createdAt()).contains(Instant.parse("2024-03-01T10:15:30.123456789Z"));
    assertThat(op.modifiedAt()).contains(Instant.parse("2024-03-01T10:15:42Z"));
    assertThat(op.createdBy()).isEqualTo("ajeexampleaccount000");
    GeneratedImage image = op.image().orElseThrow();
    assertThat(image.bytes()).isEqualTo(goldenImage());
    assertThat(image.mimeType()).isEqualTo("image/jpeg");
    assertThat(image.modelVersion()).isEmpty();
  }

  @Test
  void readsTheReferenceResponseWithoutTypeWithOffsetsAndMetadata() throws IOException {
    Operation op = json.readOperation(new ByteArrayInputStream(resource("done-response-reference.json")));

    assertThat(op.description()).isEqualTo("Image generation");
    assertThat(op.createdAt()).contains(Instant.parse("2024-03-01T10:15:30Z"));
    assertThat(op.modifiedAt()).contains(Instant.parse("2024-03-01T10:16:02.500Z"));
    assertThat(op.image().orElseThrow().bytes()).isEqualTo(goldenImage());
    assertThat(op.image().orElseThrow().modelVersion()).contains("2.0");
  }

  @Test
  void readsAFailedOperationsStatus() throws IOException {
    Operation op = json.readOperation(new ByteArrayInputStream(resource("failed-operation.json")));

    assertThat(op.done()).isTrue();
    assertThat(op.image()).isEmpty();
    OperationStatus error = op.error().orElseThrow();
    assertThat(error.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
    assertThat(error.message()).startsWith("it is not possible to generate an image");
    assertThat(error.details()).isEmpty();
  }

  @Test
  void readsAnErrorBodyWithItsRequestInfo() throws IOException {
    OperationStatus status = json.readStatus(new ByteArrayInputStream(resource("error-unauthenticated.json")));

    assertThat(status.code()).isEqualTo(StatusCode.UNAUTHENTICATED);
    assertThat(status.message()).isEqualTo("Unknown api key 'AQVN****'");
    assertThat(status.requestId()).contains("0f6b2c1e-7d1a-4b8e-9c3f-2a5d8e7f1b40");
  }

  @Test
  void acceptsCodesAsStringsAndIgnoresNestedDetailFields() throws IOException {
    OperationStatus status = json.readStatus(new ByteArrayInputStream(("{\"code\":\"8\",\"message\":\"quota\","
        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"subject\":\"x\"}]},"
        + "{\"@type\":\"type.googleapis.com/google.rpc.RequestInfo\",\"requestId\":\"r-1\",\"servingData\":\"\"}]}")
        .getBytes(StandardCharsets.UTF_8)));

    assertThat(status.code()).isEqualTo(StatusCode.RESOURCE_EXHAUSTED);
    assertThat(status.details()).hasSize(2);
    assertThat(status.details().get(0).fields()).isEmpty();
    assertThat(status.requestId()).contains("r-1");
  }

  @ParameterizedTest
  @CsvSource({
      "2024-03-01T10:15:30Z, 2024-03-01T10:15:30Z",
      "2024-03-01T10:15:30.1Z, 2024-03-01T10:15:30.100Z",
      "2024-03-01T10:15:30.12Z, 2024-03-01T10:15:30.120Z",
      "2024-03-01T10:15:30.123456Z, 2024-03-01T10:15:30.123456Z",
      "2024-03-01T10:15:30.123456789Z, 2024-03-01T10:15:30.123456789Z",
      "2024-03-01T13:15:30.5+03:00, 2024-03-01T10:15:30.500Z",
      "2024-03-01T05:15:30-05:00, 2024-03-01T10:15:30Z",
      "2024-03-01t10:15:30z, 2024-03-01T10:15:30Z"})
  void readsRfc3339TimestampsWithAnyPrecisionAndOffset(String wire, String expected) throws IOException {
    Operation op = read("{\"id\":\"op1\",\"createdAt\":\"" + wire + "\"}");
    assertThat(op.createdAt()).contains(Instant.parse(expected));
  }

  @Test
  void ignoresUnknownFieldsAtEveryLevel() throws IOException {
    Operation op = read("{\"id\":\"op1\",\"future\":{\"a\":[1,{\"b\":null}]},\"done\":true,\"tags\":[\"x\"],"
        + "\"response\":{\"@type\":\"" + WireJson.IMAGE_RESPONSE_TYPE + "\",\"extra\":{\"deep\":[]},\"image\":\"/9j/4AAQ\",\"seedUsed\":\"5\"}}");
    assertThat(op.done()).isTrue();
    assertThat(op.image().orElseThrow().bytes()).isEqualTo(Base64.getDecoder().decode("/9j/4AAQ"));
  }

  @Test
  void refusesAResponseOfAnotherType() {
    assertThatThrownBy(() -> read("{\"id\":\"op1\",\"done\":true,\"response\":"
        + "{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}"))
        .isInstanceOf(WireJson.WrongResponseTypeException.class)
        .hasMessageContaining("google.protobuf.Empty")
        .hasMessageContaining(WireJson.IMAGE_RESPONSE_TYPE);
  }

  @Test
  void absentModelVersionAndNullFieldsAreEmpty() throws IOException {
    Operation op = read("{\"id\":\"op1\",\"description\":null,\"createdBy\":null,\"done\":true,"
        + "\"error\":null,\"response\":{\"image\":\"/9j/4AAQ\"}}");
    assertThat(op.description()).isEmpty();
    assertThat(op.createdBy()).isEmpty();
    assertThat(op.image().orElseThrow().modelVersion()).isEmpty();
  }

  @Test
  void readsAnErrorWhileNotYetDone() throws IOException {
    Operation op = read("{\"id\":\"op1\",\"done\":false,\"error\":{\"code\":13,\"message\":\"boom\"}}");
    assertThat(op.done()).isFalse();
    assertThat(op.error().orElseThrow().code()).isEqualTo(StatusCode.INTERNAL);
    assertThat(op.state()).isEqualTo("FAILED");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]",
      "\"op\"",
      "{\"done\":false}",
      "{\"id\":\"op1\",\"done\":\"maybe\"}",
      "{\"id\":\"op1\",\"createdAt\":\"yesterday\"}",
      "{\"id\":42}",
      "{\"id\":\"op1\",\"response\":{\"image\":12}}",
      "{\"id\":\"op1\",\"error\":{\"message\":\"no code\"}}",
      "{\"id\":\"op1\"} {\"id\":\"op2\"}",
      "{\"id\":\"op1\",\"error\":{\"code\":3},\"response\":{\"image\":\"/9j/4AAQ\"}}"})
  void refusesRepliesThatAreNotAnOperation(String body) {
    assertThatThrownBy(() -> read(body)).isInstanceOf(IOException.class);
  }

  @Test
  void decodesAnImageLongerThanJacksonsDefaultStringLimit() throws IOException {
    byte[] big = new byte[16 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + (i >> 11));
    }
    String body = "{\"id\":\"op1\",\"done\":true,\"response\":{\"image\":\""
        + Base64.getEncoder().encodeToString(big) + "\"}}";
    Operation op = read(body);
    assertThat(op.image().orElseThrow().bytes()).isEqualTo(big);
  }
}
