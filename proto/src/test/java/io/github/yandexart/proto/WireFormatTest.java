package io.github.yandexart.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.Status;
import io.github.yandexart.proto.imagegeneration.AspectRatio;
import io.github.yandexart.proto.imagegeneration.ImageGenerationOptions;
import io.github.yandexart.proto.imagegeneration.ImageGenerationRequest;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.github.yandexart.proto.imagegeneration.Message;
import io.github.yandexart.proto.operation.CancelOperationRequest;
import io.github.yandexart.proto.operation.GetOperationRequest;
import io.github.yandexart.proto.operation.Operation;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every expected byte string here was worked out by hand from the field table in API-FACTS §1,
 * not produced by protobuf: a tag byte is {@code (field_number << 3) | wire_type}, with wire types
 * 0 VARINT (int32, int64, bool), 1 I64 (double) and 2 LEN (string, bytes, messages).
 * A wrong field number or type changes the tag byte or the value's encoding and fails the test.
 */
class WireFormatTest {

  @Test
  void messageEncodesTextAsField1AndWeightAsDoubleField2() throws Exception {
    Message message = Message.newBuilder().setText("cat").setWeight(1.5).build();

    assertWire(message,
        "0a 03 636174"                // text = 1, LEN: (1 << 3) | 2 = 0x0a, length 3, "cat"
        + "11 000000000000f83f");     // weight = 2, I64: (2 << 3) | 1 = 0x11, 1.5 as little-endian double
  }

  @Test
  void aspectRatioEncodesWidthAndHeightAsVarints() throws Exception {
    AspectRatio ratio = AspectRatio.newBuilder().setWidthRatio(16).setHeightRatio(9).build();

    assertWire(ratio,
        "08 10"                       // width_ratio = 1, VARINT: (1 << 3) | 0 = 0x08, 16
        + "10 09");                   // height_ratio = 2, VARINT: (2 << 3) | 0 = 0x10, 9
  }

  @Test
  void generationOptionsEncodeMimeTypeSeedAndNestedAspectRatio() throws Exception {
    ImageGenerationOptions options = ImageGenerationOptions.newBuilder()
        .setMimeType("image/jpeg")
        .setSeed(300)
        .setAspectRatio(AspectRatio.newBuilder().setWidthRatio(2).setHeightRatio(1))
        .build();

    assertWire(options,
        "0a 0a 696d6167652f6a706567"  // mime_type = 1, LEN: 0x0a, length 10, "image/jpeg"
        + "10 ac02"                   // seed = 2, VARINT: (2 << 3) | 0 = 0x10, 300 as plain (not zigzag) varint
        + "1a 04"                     // aspect_ratio = 3, LEN: (3 << 3) | 2 = 0x1a, length 4
        + "08 02"                     //   width_ratio = 1, VARINT, 2
        + "10 01");                   //   height_ratio = 2, VARINT, 1
  }

  @Test
  void seedHoldsTheLargestInt64() throws Exception {
    ImageGenerationOptions options = ImageGenerationOptions.newBuilder().setSeed(Long.MAX_VALUE).build();

    assertWire(options,
        "10 ffffffffffffffff7f");     // seed = 2, VARINT: 0x10, 2^63 - 1 in nine varint bytes
  }

  @Test
  void generationRequestEncodesModelUriRepeatedMessagesAndOptions() throws Exception {
    ImageGenerationRequest request = ImageGenerationRequest.newBuilder()
        .setModelUri("art://b1g/yandex-art/latest")
        .addMessages(Message.newBuilder().setText("cat").setWeight(1.0))
        .addMessages(Message.newBuilder().setText("dog").setWeight(-1.0))
        .setGenerationOptions(ImageGenerationOptions.newBuilder()
            .setMimeType("image/jpeg")
            .setSeed(300)
            .setAspectRatio(AspectRatio.newBuilder().setWidthRatio(2).setHeightRatio(1)))
        .build();

    assertWire(request,
        // model_uri = 1, LEN: (1 << 3) | 2 = 0x0a, length 27, "art://b1g/yandex-art/latest"
        "0a 1b 6172743a2f2f6231672f79616e6465782d6172742f6c6174657374"
        + "12 0e"                     // messages = 2, LEN: (2 << 3) | 2 = 0x12, length 14
        + "0a 03 636174"              //   text = 1, "cat"
        + "11 000000000000f03f"       //   weight = 2, I64, 1.0
        + "12 0e"                     // messages = 2 again (repeated: one record per element)
        + "0a 03 646f67"              //   text = 1, "dog"
        + "11 000000000000f0bf"       //   weight = 2, I64, -1.0 (a negative prompt)
        + "1a 15"                     // generation_options = 3, LEN: (3 << 3) | 2 = 0x1a, length 21
        + "0a 0a 696d6167652f6a706567" //  mime_type = 1, "image/jpeg"
        + "10 ac02"                   //   seed = 2, VARINT, 300
        + "1a 04 0802 1001");         //   aspect_ratio = 3, LEN 4: width_ratio 2, height_ratio 1
  }

  @Test
  void generationResponseEncodesImageAsBytesAndModelVersionAsString() throws Exception {
    ImageGenerationResponse response = ImageGenerationResponse.newBuilder()
        .setImage(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}))
        .setModelVersion("v1")
        .build();

    assertWire(response,
        "0a 03 ffd8ff"                // image = 1, LEN: 0x0a, length 3, a JPEG start-of-image marker
        + "12 02 7631");              // model_version = 2, LEN: (2 << 3) | 2 = 0x12, "v1"
  }

  @Test
  void failedOperationEncodesEveryFieldUpToErrorStatus() throws Exception {
    Operation operation = Operation.newBuilder()
        .setId("op1")
        .setDescription("d")
        .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5))
        .setCreatedBy("u")
        .setModifiedAt(Timestamp.newBuilder().setSeconds(1_700_000_001L))
        .setDone(true)
        .setMetadata(Any.newBuilder().setTypeUrl("t/x"))
        .setError(Status.newBuilder().setCode(1).setMessage("c"))
        .build();

    assertWire(operation,
        "0a 03 6f7031"                // id = 1, LEN: 0x0a, "op1"
        + "12 01 64"                  // description = 2, LEN: 0x12, "d"
        + "1a 08"                     // created_at = 3, LEN: (3 << 3) | 2 = 0x1a, length 8 (Timestamp)
        + "08 80e2cfaa06"             //   seconds = 1, VARINT, 1700000000
        + "10 05"                     //   nanos = 2, VARINT, 5
        + "22 01 75"                  // created_by = 4, LEN: (4 << 3) | 2 = 0x22, "u"
        + "2a 06"                     // modified_at = 5, LEN: (5 << 3) | 2 = 0x2a, length 6
        + "08 81e2cfaa06"             //   seconds = 1, VARINT, 1700000001
        + "30 01"                     // done = 6, VARINT: (6 << 3) | 0 = 0x30, true
        + "3a 05"                     // metadata = 7, LEN: (7 << 3) | 2 = 0x3a, length 5 (Any)
        + "0a 03 742f78"              //   type_url = 1, "t/x"
        + "42 05"                     // error = 8, LEN: (8 << 3) | 2 = 0x42, length 5 (google.rpc.Status)
        + "08 01"                     //   code = 1, VARINT, 1 (CANCELLED)
        + "12 01 63");                //   message = 2, LEN, "c"
  }

  @Test
  void succeededOperationEncodesResponseAsAnyInField9() throws Exception {
    Operation operation = Operation.newBuilder()
        .setId("op1")
        .setDone(true)
        .setResponse(Any.newBuilder()
            .setTypeUrl("t/x")
            .setValue(ByteString.copyFrom(new byte[] {0x0a, 0x01, (byte) 0xff})))
        .build();

    assertWire(operation,
        "0a 03 6f7031"                // id = 1, LEN, "op1"
        + "30 01"                     // done = 6, VARINT: 0x30, true
        + "4a 0a"                     // response = 9, LEN: (9 << 3) | 2 = 0x4a, length 10 (Any)
        + "0a 03 742f78"              //   type_url = 1, LEN, "t/x"
        + "12 03 0a01ff");            //   value = 2, LEN: 0x12, length 3, the packed message's bytes
  }

  @Test
  void runningOperationWritesNothingForDoneFalse() throws Exception {
    Operation operation = Operation.newBuilder().setId("op1").setDone(false).build();

    assertWire(operation,
        "0a 03 6f7031");              // id = 1, LEN, "op1"; done = false is proto3's default: not written
  }

  @Test
  void operationRequestsEncodeOperationIdAsField1() throws Exception {
    String expected =
        "0a 03 6f7031";               // operation_id = 1, LEN: (1 << 3) | 2 = 0x0a, "op1"

    assertWire(GetOperationRequest.newBuilder().setOperationId("op1").build(), expected);
    assertWire(CancelOperationRequest.newBuilder().setOperationId("op1").build(), expected);
  }

  @Test
  void statusEncodesCodeMessageAndRepeatedDetails() throws Exception {
    Status status = Status.newBuilder()
        .setCode(16)
        .setMessage("m")
        .addDetails(Any.newBuilder().setTypeUrl("t/x"))
        .build();

    assertWire(status,
        "08 10"                       // code = 1, VARINT: 0x08, 16 (UNAUTHENTICATED)
        + "12 01 6d"                  // message = 2, LEN: 0x12, "m"
        + "1a 05"                     // details = 3, LEN: (3 << 3) | 2 = 0x1a, length 5 (Any)
        + "0a 03 742f78");            //   type_url = 1, "t/x"
  }

  /** Asserts that {@code message} encodes to {@code expectedHex} and that those bytes decode back to it. */
  private static void assertWire(com.google.protobuf.Message message, String expectedHex)
      throws InvalidProtocolBufferException {
    String expected = expectedHex.replace(" ", "");

    assertThat(HexFormat.of().formatHex(message.toByteArray())).isEqualTo(expected);
    assertThat(message.getParserForType().parseFrom(HexFormat.of().parseHex(expected))).isEqualTo(message);
  }
}
