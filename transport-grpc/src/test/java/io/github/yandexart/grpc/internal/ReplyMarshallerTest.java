package io.github.yandexart.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import io.github.yandexart.ImageSink;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.github.yandexart.proto.operation.Operation;
import io.grpc.KnownLength;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reply marshaller: the image out of the message, the rest as the generated parser reads it. */
class ReplyMarshallerTest {
  private static final Timestamp CREATED = Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(5).build();

  private static byte[] image(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    if (size >= 3) {
      bytes[0] = (byte) 0xff;
      bytes[1] = (byte) 0xd8;
      bytes[2] = (byte) 0xff;
    }
    return bytes;
  }

  private static Operation done(byte[] image, String modelVersion) {
    return Operation.newBuilder()
        .setId("op-1")
        .setDescription("generation")
        .setCreatedAt(CREATED)
        .setCreatedBy("someone")
        .setDone(true)
        .setMetadata(Any.newBuilder().setTypeUrl("type.googleapis.com/x.Meta").setValue(ByteString.copyFromUtf8("m")))
        .setResponse(Any.newBuilder()
            .setTypeUrl(ProtoMapping.RESPONSE_TYPE_URL)
            .setValue(ImageGenerationResponse.newBuilder()
                .setImage(ByteString.copyFrom(image))
                .setModelVersion(modelVersion)
                .build()
                .toByteString()))
        .build();
  }

  /** grpc-java's message streams know their length; the large path depends on it. */
  private static InputStream wire(byte[] bytes) {
    class Known extends ByteArrayInputStream implements KnownLength {
      Known(byte[] b) {
        super(b);
      }
    }
    return new Known(bytes);
  }

  /** What a sink received. */
  private static final class Recording implements ImageSink {
    final List<String> opened = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean closed;

    @Override
    public OutputStream open(String operationId, String mimeType) {
      opened.add(operationId + " " + mimeType);
      return new OutputStream() {
        @Override
        public void write(int b) {
          bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          bytes.write(b, off, len);
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100, ReplyMarshaller.SMALL - 200})
  void aSmallMessageIsParsedWholeAsTheStubsDo(int size) {
    Operation sent = done(image(size), "v-7");

    OperationReply reply = ReplyMarshaller.IN_MEMORY.parse(wire(sent.toByteArray()));

    assertThat(reply.operation()).isEqualTo(sent);
    assertThat(reply.image()).isNull();
    assertThat(reply.streamed()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {ReplyMarshaller.SMALL, ReplyMarshaller.CHUNK * 3 + 17, 2 << 20})
  void aLargeImageComesOutIntoMemoryAndTheRestAsTheGeneratedParserReadsIt(int size) {
    byte[] image = image(size);
    Operation sent = done(image, "v-7");

    OperationReply reply = ReplyMarshaller.IN_MEMORY.parse(wire(sent.toByteArray()));

    assertThat(reply.image()).isEqualTo(image);
    assertThat(reply.modelVersion()).isEqualTo("v-7");
    assertThat(reply.streamed()).isNull();
    assertThat(reply.sinkFailure()).isNull();
    assertThat(reply.operation()).isEqualTo(sent.toBuilder().clearResponse().build());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100, ReplyMarshaller.CHUNK * 3 + 17, 2 << 20})
  void withASinkTheImageGoesIntoItOnceAndIsNotHeld(int size) {
    byte[] image = image(size);
    Recording sink = new Recording();

    OperationReply reply = ReplyMarshaller.streamingTo(sink).parse(wire(done(image, "v-7").toByteArray()));

    assertThat(sink.opened).containsExactly("op-1 " + (size >= 3 ? "image/jpeg" : "application/octet-stream"));
    assertThat(sink.bytes.toByteArray()).isEqualTo(image);
    assertThat(sink.closed).isTrue();
    assertThat(reply.image()).isNull();
    assertThat(reply.streamed().isStreamed()).isTrue();
    assertThat(reply.streamed().size()).isEqualTo(size);
    assertThat(reply.streamed().modelVersion()).contains("v-7");
    assertThat(reply.streamed().operationId()).contains("op-1");
    assertThat(reply.operation().getId()).isEqualTo("op-1");
    assertThat(reply.operation().hasResponse()).isFalse();
  }

  @Test
  void aSinkThatFailsFailsTheReplyButTheMessageIsStillReadToItsEnd() {
    byte[] image = image(ReplyMarshaller.CHUNK * 2);
    ImageSink failing = (id, mime) -> new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }
    };
    InputStream in = wire(done(image, "").toByteArray());

    OperationReply reply = ReplyMarshaller.streamingTo(failing).parse(in);

    assertThat(reply.sinkFailure()).hasMessageContaining("op-1").hasMessageContaining("disk full");
    assertThat(reply.streamed()).isNull();
    assertThat(reply.operation().getDone()).isTrue();
  }

  @Test
  void anErrorOperationAndOneWithoutResponseGoThroughUntouched() throws Exception {
    Operation failed = Operation.newBuilder().setId("op-2").setDone(true)
        .setError(com.google.rpc.Status.newBuilder().setCode(3).setMessage("bad prompt")).build();
    Operation running = Operation.newBuilder().setId("op-3").setDescription("d").build();
    Recording sink = new Recording();

    assertThat(ReplyMarshaller.IN_MEMORY.parse(wire(failed.toByteArray())).operation()).isEqualTo(failed);
    OperationReply reply = ReplyMarshaller.streamingTo(sink).parse(wire(running.toByteArray()));
    assertThat(reply.operation()).isEqualTo(running);
    assertThat(reply.streamed()).isNull();
    assertThat(sink.opened).isEmpty();
  }

  @Test
  void aResponseOfAnotherTypeIsLeftInTheMessageForTheCallerToRefuse() {
    Operation other = Operation.newBuilder().setId("op-4").setDone(true)
        .setResponse(Any.newBuilder().setTypeUrl("type.googleapis.com/other.Thing").setValue(ByteString.copyFromUtf8("x")))
        .build();

    OperationReply reply = ReplyMarshaller.IN_MEMORY.parse(wire(other.toByteArray()));

    assertThat(reply.operation()).isEqualTo(other);
    assertThat(reply.image()).isNull();
  }

  @Test
  void aTypeUrlAfterTheValueIsStillUnderstood() throws Exception {
    byte[] image = image(ReplyMarshaller.SMALL + 1000);
    ByteArrayOutputStream any = new ByteArrayOutputStream();
    CodedOutputStream a = CodedOutputStream.newInstance(any);
    a.writeBytes(2, ImageGenerationResponse.newBuilder().setImage(ByteString.copyFrom(image)).build().toByteString());
    a.writeString(1, ProtoMapping.RESPONSE_TYPE_URL);
    a.flush();
    ByteArrayOutputStream op = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(op);
    o.writeString(1, "op-5");
    o.writeBool(6, true);
    o.writeBytes(9, ByteString.copyFrom(any.toByteArray()));
    o.flush();

    OperationReply reply = ReplyMarshaller.IN_MEMORY.parse(wire(op.toByteArray()));

    assertThat(reply.image()).isEqualTo(image);
    assertThat(reply.operation().getId()).isEqualTo("op-5");
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 2 << 20})
  void anImageLengthPastTheEndOfItsMessageIsRefusedBeforeAnythingIsAllocatedForIt(int size) {
    byte[] wire = done(image(size), "").toByteArray();
    // the same bytes, cut short: every length inside now points past the end
    byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 10);

    assertThatThrownBy(() -> ReplyMarshaller.IN_MEMORY.parse(wire(cut)))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INTERNAL");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aHugeDeclaredImageLengthIsRefusedWithoutAllocatingIt(boolean small) throws Exception {
    // response { value { image: length 2^31-1, but only 5 bytes follow } }
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    CodedOutputStream v = CodedOutputStream.newInstance(value);
    v.writeTag(1, 2);
    v.writeUInt32NoTag(Integer.MAX_VALUE);
    v.writeRawBytes(new byte[5]);
    v.flush();
    ByteArrayOutputStream any = new ByteArrayOutputStream();
    CodedOutputStream a = CodedOutputStream.newInstance(any);
    a.writeString(1, ProtoMapping.RESPONSE_TYPE_URL);
    a.writeBytes(2, ByteString.copyFrom(value.toByteArray()));
    a.flush();
    ByteArrayOutputStream op = new ByteArrayOutputStream();
    CodedOutputStream o = CodedOutputStream.newInstance(op);
    // a long description makes it a large message, read from the stream
    o.writeString(2, "d".repeat(small ? 10 : ReplyMarshaller.SMALL));
    o.writeBytes(9, ByteString.copyFrom(any.toByteArray()));
    o.flush();
    // a small message is only taken apart when there is a sink
    ReplyMarshaller marshaller = small ? ReplyMarshaller.streamingTo(new Recording()) : ReplyMarshaller.IN_MEMORY;

    assertThatThrownBy(() -> marshaller.parse(wire(op.toByteArray())))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("past the end");
  }
}
