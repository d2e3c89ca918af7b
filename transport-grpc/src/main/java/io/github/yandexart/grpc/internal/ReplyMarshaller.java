package io.github.yandexart.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageSink;
import io.github.yandexart.proto.imagegeneration.ImageGenerationResponse;
import io.github.yandexart.spi.ImageSinkWriter;
import io.github.yandexart.proto.operation.Operation;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Reads an {@code Operation} reply off the message stream, taking the image out of {@code
 * response.value.image} as it goes instead of parsing the message into protobuf objects first: the
 * stock marshaller holds the image three times over (the message's {@code Any.value}, the unpacked
 * {@code ImageGenerationResponse.image}, then the caller's copy), this one once (an array of the
 * image's exact size) or, given an {@link ImageSink}, not at all (it copies the image to the sink in
 * chunks of {@value #CHUNK} bytes, through an {@link ImageSinkWriter}, on the callback thread that
 * parses the reply). What grpc-java itself holds is another matter: it gathers a message's frames
 * whole (in Netty's buffers) before any marshaller sees it.
 *
 * <p>The rest of the message is parsed by the generated code as usual. Small messages (at most
 * {@value #SMALL} bytes: every answer but an image's) are read into an array first, which is what
 * the stock marshaller does too, and, without a sink, parsed whole by the generated code (the
 * caller then takes their small image out of the {@code Any}). Lengths on the wire are untrusted: each is checked against what is
 * left of its enclosing message, and grpc-java has already bounded the message by the configured
 * maximum answer size.
 */
final class ReplyMarshaller implements MethodDescriptor.Marshaller<OperationReply> {
  /** The size of the pieces an image is copied in. */
  static final int CHUNK = 64 * 1024;
  /** Messages up to this size are read into an array before they are parsed. */
  static final int SMALL = 64 * 1024;

  /** The marshaller that reads images into memory. */
  static final ReplyMarshaller IN_MEMORY = new ReplyMarshaller(null);

  private static final int OPERATION_ID = 1;
  private static final int OPERATION_RESPONSE = 9;
  private static final int OPERATION_ERROR = 8;
  private static final int ANY_TYPE_URL = 1;
  private static final int ANY_VALUE = 2;
  private static final int RESPONSE_IMAGE = 1;
  private static final int RESPONSE_MODEL_VERSION = 2;

  private final ImageSink sink;

  private ReplyMarshaller(ImageSink sink) {
    this.sink = sink;
  }

  /** A marshaller that streams the image of its reply into {@code sink}. */
  static ReplyMarshaller streamingTo(ImageSink sink) {
    return new ReplyMarshaller(Objects.requireNonNull(sink, "sink"));
  }

  @Override
  public InputStream stream(OperationReply value) {
    // the client never sends a reply; the server side of the same descriptor would
    return value.operation().toByteString().newInput();
  }

  @Override
  public OperationReply parse(InputStream stream) {
    try {
      int size = stream instanceof KnownLength ? stream.available() : -1;
      CodedInputStream in;
      if (size < 0 || size <= SMALL) {
        // small, or of unknown size (grpc-java has bounded it by the largest answer accepted)
        byte[] buf = size < 0 ? stream.readAllBytes() : stream.readNBytes(size);
        if (sink == null && buf.length <= SMALL) {
          // nothing to gain from taking a small image out: the generated parser, as the stubs do
          return new OperationReply(Operation.parseFrom(buf), null, null, "", null);
        }
        in = CodedInputStream.newInstance(buf);
        size = buf.length;
      } else {
        in = CodedInputStream.newInstance(stream, 8192);
      }
      // every length inside is then checked against what the message really holds
      in.pushLimit(size);
      return new Reader(in).read();
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL.withDescription("the answer is not a valid Operation: " + e.getMessage())
          .withCause(e).asRuntimeException();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state of one parse. */
  private final class Reader {
    private final CodedInputStream in;
    /** Every field but the response, re-encoded for the generated parser. */
    private final ByteArrayOutputStream rest = new ByteArrayOutputStream(256);
    private final CodedOutputStream restOut = CodedOutputStream.newInstance(rest, 256);
    private String operationId = "";
    private byte[] image;
    private ImageSinkWriter writer;
    private GeneratedImage streamed;
    private String modelVersion = "";
    private UncheckedIOException sinkFailure;
    /** Whether the last of the oneof (error, response) was a response whose image was taken out. */
    private boolean imageIsLast;

    Reader(CodedInputStream in) {
      this.in = in;
    }

    OperationReply read() throws IOException {
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        int field = WireFormat.getTagFieldNumber(tag);
        int type = WireFormat.getTagWireType(tag);
        if (field == OPERATION_RESPONSE && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          response();
        } else {
          if (field == OPERATION_ID && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            ByteString id = in.readBytes();
            operationId = id.toStringUtf8();
            restOut.writeBytes(OPERATION_ID, id);
            continue;
          }
          if (field == OPERATION_ERROR) {
            imageIsLast = false;
          }
          copyField(tag);
        }
      }
      restOut.flush();
      Operation operation = Operation.parseFrom(rest.toByteArray());
      if (!imageIsLast) {
        return new OperationReply(operation, null, null, "", sinkFailure);
      }
      if (operation.hasError()) {
        // an error came before the response: of a oneof, the last one sent counts
        operation = operation.toBuilder().clearError().build();
      }
      return new OperationReply(operation, image, streamed, modelVersion, sinkFailure);
    }

    /** Copies the field of {@code tag} (just read) to {@link #rest}. */
    private void copyField(int tag) throws IOException {
      restOut.writeUInt32NoTag(tag);
      switch (WireFormat.getTagWireType(tag)) {
        case WireFormat.WIRETYPE_VARINT -> restOut.writeUInt64NoTag(in.readRawVarint64());
        case WireFormat.WIRETYPE_FIXED64 -> restOut.writeFixed64NoTag(in.readRawLittleEndian64());
        case WireFormat.WIRETYPE_LENGTH_DELIMITED -> restOut.writeBytesNoTag(in.readBytes());
        case WireFormat.WIRETYPE_FIXED32 -> restOut.writeFixed32NoTag(in.readRawLittleEndian32());
        default -> throw new InvalidProtocolBufferException(
            "field " + WireFormat.getTagFieldNumber(tag) + " has wire type "
                + WireFormat.getTagWireType(tag) + ", which an Operation never uses");
      }
    }

    /** {@code response}, an Any: when it holds an ImageGenerationResponse, the image is taken out. */
    private void response() throws IOException {
      int length = in.readRawVarint32();
      int outer = pushLimit(length);
      String typeUrl = null;
      ByteString heldValue = null;
      boolean taken = false;
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        int field = WireFormat.getTagFieldNumber(tag);
        int type = WireFormat.getTagWireType(tag);
        if (field == ANY_TYPE_URL && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          typeUrl = in.readStringRequireUtf8();
        } else if (field == ANY_VALUE && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          if (ProtoMapping.RESPONSE_TYPE_URL.equals(typeUrl)) {
            imageResponse();
            heldValue = null;
            taken = true;
          } else {
            // the type is not known yet (or is another): keep the value for the generated parser
            heldValue = in.readBytes();
            taken = false;
          }
        } else {
          in.skipField(tag);
        }
      }
      in.popLimit(outer);
      if (taken && ProtoMapping.RESPONSE_TYPE_URL.equals(typeUrl)) {
        imageIsLast = true;
        return;
      }
      if (heldValue != null && ProtoMapping.RESPONSE_TYPE_URL.equals(typeUrl)) {
        // the type URL came after the value: rare, and the value is already held
        ImageGenerationResponse decoded = ImageGenerationResponse.parseFrom(heldValue);
        modelVersion = decoded.getModelVersion();
        take(decoded.getImage().newCodedInput(), decoded.getImage().size());
        finishImage();
        imageIsLast = true;
        return;
      }
      // anything else goes to the generated parser, which the caller's checks then see
      imageIsLast = false;
      com.google.protobuf.Any.Builder any = com.google.protobuf.Any.newBuilder();
      if (typeUrl != null) {
        any.setTypeUrl(typeUrl);
      }
      if (heldValue != null) {
        any.setValue(heldValue);
      }
      restOut.writeMessage(OPERATION_RESPONSE, any.build());
    }

    /** The value of an Any holding an ImageGenerationResponse. */
    private void imageResponse() throws IOException {
      int length = in.readRawVarint32();
      int limit = pushLimit(length);
      image = null;
      modelVersion = "";
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        int field = WireFormat.getTagFieldNumber(tag);
        int type = WireFormat.getTagWireType(tag);
        if (field == RESPONSE_IMAGE && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int size = in.readRawVarint32();
          // checked before anything is allocated for it: the limit is the enclosing value's length
          if (size < 0 || size > in.getBytesUntilLimit()) {
            throw new InvalidProtocolBufferException("the image's length (" + size
                + ") is past the end of its response");
          }
          take(in, size);
        } else if (field == RESPONSE_MODEL_VERSION && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          modelVersion = in.readStringRequireUtf8();
        } else {
          in.skipField(tag);
        }
      }
      in.popLimit(limit);
      if (image == null && writer == null) {
        // no image field: proto3's default, an empty image
        take(in, 0);
      }
      finishImage();
    }

    /** Closes the sink's stream once the response (and so the model version) is read. */
    private void finishImage() {
      if (writer != null && sinkFailure == null && streamed == null) {
        try {
          streamed = writer.finish(modelVersion);
        } catch (IOException e) {
          writer.abort();
          sinkFailure = writer.failure(e);
        }
      }
    }

    /** Copies {@code size} image bytes from {@code from} into memory or the sink. */
    private void take(CodedInputStream from, int size) throws IOException {
      if (sink == null) {
        byte[] bytes = new byte[size];
        int done = 0;
        while (done < size) {
          int n = Math.min(CHUNK, size - done);
          byte[] piece = from.readRawBytes(n);
          System.arraycopy(piece, 0, bytes, done, n);
          done += n;
        }
        image = bytes;
        return;
      }
      if (writer != null) {
        // the sink is opened at most once per call
        throw new InvalidProtocolBufferException("the response carries more than one image");
      }
      writer = new ImageSinkWriter(sink, operationId);
      int done = 0;
      while (done < size) {
        int n = Math.min(CHUNK, size - done);
        byte[] piece = from.readRawBytes(n);
        done += n;
        if (sinkFailure == null) {
          try {
            writer.write(piece, 0, n);
          } catch (IOException | RuntimeException e) {
            // the rest of the image is read past, so that the call itself ends cleanly
            writer.abort();
            sinkFailure = writer.failure(e instanceof IOException ? (IOException) e : new IOException(e));
          }
        }
      }
    }

    private int pushLimit(int length) throws InvalidProtocolBufferException {
      // CodedInputStream refuses a negative length and one past the enclosing limit
      return in.pushLimit(length);
    }
  }
}
