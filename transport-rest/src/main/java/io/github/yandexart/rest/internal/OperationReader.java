package io.github.yandexart.rest.internal;

import io.github.yandexart.GeneratedImage;
import io.github.yandexart.Operation;
import io.github.yandexart.spi.ImageSinkWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an Operation body as its bytes arrive, without holding the body whole: the base64 of {@code
 * response.image} is decoded chunk by chunk straight into its destination (a byte array sized from
 * the body's declared length, or an {@link ImageSinkWriter}), and only the rest of the document, a
 * few hundred bytes with the image's value left empty, is kept for {@link WireJson} to parse at the
 * end.
 *
 * <p>A light scan tracks the document's structure (strings, escapes, nesting) to find the one value
 * it streams: the string under the top-level key {@code "response"} and its key {@code "image"},
 * both spelled plainly. Anything else, an escaped key included, is left in the document, where
 * {@link WireJson} decodes it as before; so the scan never decides what is valid JSON, it only
 * decides where the bytes go. Not thread-safe: one reader per reply, fed by one I/O thread.
 */
final class OperationReader {
  private static final byte[] RESPONSE = {'r', 'e', 's', 'p', 'o', 'n', 's', 'e'};
  private static final byte[] IMAGE = {'i', 'm', 'a', 'g', 'e'};

  private final WireJson json;
  private final long declaredLength;
  private final ImageSinkWriter sink;
  private byte[] doc;
  private int docLength;
  private long seen;

  // the scan
  private int depth;
  private boolean inString;
  private boolean escaped;
  private boolean valueNext;
  private boolean depth1IsObject;
  private boolean depth2IsObject;
  private boolean inResponse;
  private int lastKey; // 0 other, 1 "response", 2 "image"
  private boolean inKey;
  private final byte[] key = new byte[8];
  private int keyLength;
  private boolean keyPlain;

  // the image
  private Image image;
  private boolean inImage;
  private int escapeLength = -1;
  private final char[] escape = new char[5];

  /**
   * A reader for a body of {@code declaredLength} bytes (-1: not declared) that streams the image
   * into {@code sink} (null: into memory).
   */
  OperationReader(WireJson json, long declaredLength, ImageSinkWriter sink) {
    this.json = json;
    this.declaredLength = declaredLength;
    this.sink = sink;
    this.doc = new byte[(int) Math.max(256, Math.min(declaredLength, 4096))];
  }

  /** The document as kept: the body without the image's base64 (for snippets of a bad reply). */
  byte[] document() {
    return doc;
  }

  int documentLength() {
    return docLength;
  }

  /** How many body bytes were fed. */
  long bodyLength() {
    return seen;
  }

  void feed(ByteBuffer src) throws IOException {
    if (src.hasArray()) {
      int from = src.arrayOffset() + src.position();
      feed(src.array(), from, src.remaining());
      src.position(src.limit());
    } else {
      byte[] chunk = new byte[Math.min(src.remaining(), 16 * 1024)];
      while (src.hasRemaining()) {
        int n = Math.min(chunk.length, src.remaining());
        src.get(chunk, 0, n);
        feed(chunk, 0, n);
      }
    }
  }

  void feed(byte[] b, int off, int len) throws IOException {
    int end = off + len;
    int i = off;
    while (i < end) {
      if (inImage) {
        i = imageBytes(b, i, end);
        continue;
      }
      int start = i;
      while (i < end && !inImage) {
        if (inString && !inKey && !escaped) {
          // the bulk of a document is string values: skip to the next quote or backslash
          while (i < end && b[i] != '"' && b[i] != '\\') {
            i++;
          }
          if (i == end) {
            break;
          }
        }
        scan(b[i++]);
      }
      append(b, start, i - start);
      seen += i - start;
    }
  }

  /** The operation, its image decoded (or written to the sink and closed). */
  Operation finish() throws IOException {
    return json.readOperation(doc, docLength, image);
  }

  /** Closes the sink's stream of a reply that ended without {@link #finish()}. */
  void abort() {
    if (image != null) {
      image.abort();
    }
  }

  // ---------------------------------------------------------------- the scan

  private void scan(byte c) throws IOException {
    if (inString) {
      if (escaped) {
        escaped = false;
        keyPlain = false;
      } else if (c == '\\') {
        escaped = true;
        keyPlain = false;
      } else if (c == '"') {
        inString = false;
        if (inKey) {
          inKey = false;
          lastKey = !keyPlain ? 0 : is(RESPONSE) ? 1 : is(IMAGE) ? 2 : 0;
        }
      } else if (inKey) {
        if (keyLength < key.length) {
          key[keyLength++] = c;
        } else {
          keyPlain = false;
        }
      }
      return;
    }
    switch (c) {
      case '"':
        inString = true;
        boolean inObject = depth == 1 ? depth1IsObject : depth == 2 && depth2IsObject;
        if ((depth == 1 || depth == 2) && inObject && !valueNext) {
          inKey = true;
          keyLength = 0;
          keyPlain = true;
        } else if (depth == 2 && inResponse && valueNext && lastKey == 2) {
          startImage();
        }
        break;
      case ':':
        valueNext = true;
        break;
      case ',':
        valueNext = false;
        break;
      case '{':
      case '[':
        depth++;
        if (depth == 1) {
          depth1IsObject = c == '{';
        } else if (depth == 2) {
          depth2IsObject = c == '{';
          inResponse = depth1IsObject && c == '{' && lastKey == 1 && valueNext;
        }
        valueNext = false;
        break;
      case '}':
      case ']':
        depth--;
        if (depth < 2) {
          inResponse = false;
        }
        break;
      default:
        break;
    }
  }

  private boolean is(byte[] name) {
    return keyLength == name.length && Arrays.equals(key, 0, keyLength, name, 0, name.length);
  }

  private void startImage() throws IOException {
    if (image != null) {
      throw new WireJson.MalformedReplyException("the response has two images");
    }
    // The opening quote is in the document and the scan stays inside the string, so that the
    // closing quote ends it there: the value reads as "".
    inImage = true;
    long left = declaredLength < 0 ? -1 : declaredLength - seen;
    image = sink != null ? Image.toSink(sink) : Image.inMemory(left < 0 ? -1 : left / 4 * 3 + 3);
  }

  /** Feeds image characters from {@code b[i, end)}; returns where it stopped. */
  private int imageBytes(byte[] b, int i, int end) throws IOException {
    int start = i;
    while (i < end) {
      if (escapeLength >= 0) {
        i = escapeByte(b[i], i);
        continue;
      }
      i = image.decode(b, i, end);
      if (i < end) {
        byte c = b[i];
        if (c == '"') {
          inImage = false;
          seen += i - start;
          return i; // the closing quote goes to the document through the scan
        }
        // a backslash: JSON allows any character escaped, "\/" being the one seen in base64
        escapeLength = 0;
        i++;
      }
    }
    seen += i - start;
    return i;
  }

  private int escapeByte(byte c, int i) throws IOException {
    if (escapeLength == 0) {
      if (c == 'u') {
        escape[escapeLength++] = 'u';
        return i + 1;
      }
      escapeLength = -1;
      int ch = c == '/' ? '/' : c == '\\' ? '\\' : c == '"' ? '"' : -1;
      if (ch < 0) {
        throw image.invalid(c & 0xff);
      }
      image.decodeOne(ch);
      return i + 1;
    }
    escape[escapeLength++] = (char) c;
    if (escapeLength == 5) {
      escapeLength = -1;
      int ch;
      try {
        ch = Integer.parseInt(new String(escape, 1, 4), 16);
      } catch (NumberFormatException e) {
        throw new WireJson.MalformedReplyException("the image has a bad \\u escape");
      }
      image.decodeOne(ch);
    }
    return i + 1;
  }

  private void append(byte[] b, int off, int len) {
    if (docLength + len > doc.length) {
      doc = Arrays.copyOf(doc, Math.max(doc.length * 2, docLength + len));
    }
    System.arraycopy(b, off, doc, docLength, len);
    docLength += len;
  }

  // ---------------------------------------------------------------- the image

  /** A sink failed: the call fails with {@link #failure}, which the client does not repeat. */
  static final class SinkException extends IOException {
    private static final long serialVersionUID = 1L;
    final transient UncheckedIOException failure;

    SinkException(UncheckedIOException failure) {
      super(failure.getMessage(), failure.getCause());
      this.failure = failure;
    }
  }

  /**
   * A base64 decoder (standard or URL-safe alphabet, padded or not, as proto3 JSON allows) that
   * writes into blocks: one block sized by the body's declared length when it is known, else blocks
   * that grow, which the image keeps as they are; with a sink, one reused block flushed into it.
   */
  static final class Image {
    private static final int[] DIGITS = new int[256];
    private static final int SINK_BLOCK = 48 * 1024;
    private static final int FIRST_BLOCK = 4 * 1024;
    private static final int LARGEST_BLOCK = 1 << 20;

    static {
      Arrays.fill(DIGITS, -1);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      for (int i = 0; i < 64; i++) {
        DIGITS[alphabet.charAt(i)] = i;
      }
      DIGITS['-'] = 62;
      DIGITS['_'] = 63;
    }

    private final ImageSinkWriter sink;
    private List<byte[]> full;
    private List<Integer> fullLengths;
    private byte[] out;
    private int pos;
    private long total;
    private int quantum;
    private int have;
    private int padding;
    private long chars;
    private boolean ended;

    private Image(ImageSinkWriter sink, int firstBlock) {
      this.sink = sink;
      this.out = new byte[firstBlock];
    }

    /** Decoded into memory; {@code bound} is the most bytes it can be, or -1 when unknown. */
    static Image inMemory(long bound) {
      return new Image(null, bound < 0 ? FIRST_BLOCK : (int) Math.max(16, Math.min(bound, Integer.MAX_VALUE - 16)));
    }

    static Image toSink(ImageSinkWriter sink) {
      return new Image(sink, SINK_BLOCK);
    }

    /** Decodes {@code b[i, end)} up to a quote or a backslash; returns where it stopped. */
    int decode(byte[] b, int i, int end) throws IOException {
      int[] digits = DIGITS;
      while (i < end) {
        if (have == 0 && padding == 0) {
          int room = (out.length - pos) / 3;
          if (room == 0) {
            makeRoom();
            room = (out.length - pos) / 3;
          }
          int stop = i + (Math.min((end - i) >> 2, room) << 2);
          byte[] o = out;
          int p = pos;
          int start = i;
          while (i < stop) {
            int v = digits[b[i] & 0xff] << 18 | digits[b[i + 1] & 0xff] << 12
                | digits[b[i + 2] & 0xff] << 6 | digits[b[i + 3] & 0xff];
            if (v < 0) {
              break;
            }
            o[p] = (byte) (v >> 16);
            o[p + 1] = (byte) (v >> 8);
            o[p + 2] = (byte) v;
            p += 3;
            i += 4;
          }
          chars += i - start;
          pos = p;
          if (i >= end) {
            break;
          }
        }
        int c = b[i] & 0xff;
        if (c == '"' || c == '\\') {
          return i;
        }
        decodeOne(c);
        i++;
      }
      return i;
    }

    /** Decodes characters Jackson has unescaped (an image left in the document). */
    void decode(char[] c, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        decodeOne(c[i] > 0xff ? 0x100 : c[i]);
      }
    }

    void decodeOne(int c) throws IOException {
      int d = c < 256 ? DIGITS[c] : -1;
      chars++;
      if (d >= 0 && padding == 0) {
        quantum = quantum << 6 | d;
        if (++have == 4) {
          emit(3);
        }
      } else if (c == '=' && (have >= 2 || padding > 0 && have == 0) && padding < 2) {
        if (have > 0) {
          emit(have - 1);
        }
        padding++;
      } else {
        throw invalid(c);
      }
    }

    private void emit(int bytes) throws IOException {
      if (out.length - pos < 3) {
        makeRoom();
      }
      int v = quantum << (6 * (4 - have));
      out[pos++] = (byte) (v >> 16);
      if (bytes > 1) {
        out[pos++] = (byte) (v >> 8);
      }
      if (bytes > 2) {
        out[pos++] = (byte) v;
      }
      quantum = 0;
      have = 0;
    }

    WireJson.MalformedReplyException invalid(int c) {
      String what = c == '=' ? "misplaced padding" : c < 0x20 || c > 0x7e ? "a character that is not base64"
          : "'" + (char) c + "'";
      return new WireJson.MalformedReplyException("the image is not valid base64 (" + what + " at character "
          + chars + ")");
    }

    private void makeRoom() throws IOException {
      if (sink != null) {
        flush();
        return;
      }
      if (full == null) {
        full = new ArrayList<>();
        fullLengths = new ArrayList<>();
      }
      full.add(out);
      fullLengths.add(pos);
      total += pos;
      out = new byte[(int) Math.min(LARGEST_BLOCK, Math.max(FIRST_BLOCK, total))]; // doubling the total
      pos = 0;
    }

    private void flush() throws IOException {
      try {
        sink.write(out, 0, pos);
      } catch (IOException | RuntimeException e) {
        throw new SinkException(sink.failure(e instanceof IOException ? (IOException) e : new IOException(e)));
      }
      total += pos;
      pos = 0;
    }

    /** The image, or null when the value was empty. */
    GeneratedImage finish(String modelVersion) throws IOException {
      if (have == 1) {
        throw new WireJson.MalformedReplyException("the image is not valid base64 (it ends in the middle of a byte)");
      }
      if (have > 0) {
        emit(have - 1);
      }
      ended = true;
      if (sink != null) {
        flush();
        if (total == 0) {
          sink.abort();
          return null;
        }
        try {
          return sink.finish(modelVersion);
        } catch (IOException | RuntimeException e) {
          throw new SinkException(sink.failure(e instanceof IOException ? (IOException) e : new IOException(e)));
        }
      }
      if (full == null) {
        return pos == 0 ? null : GeneratedImage.wrap(out, pos, modelVersion);
      }
      // kept as decoded: joining the blocks would hold the image twice at that moment
      full.add(out);
      fullLengths.add(pos);
      return GeneratedImage.wrap(full, fullLengths.stream().mapToInt(Integer::intValue).toArray(), modelVersion);
    }

    void abort() {
      if (sink != null && !ended) {
        ended = true;
        sink.abort();
      }
    }
  }
}
