package io.github.yandexart.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.yandexart.AspectRatio;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.io.InputStreamReader;

/**
 * Reads a batch's items from a file: plain text (one prompt per line; blank lines and lines starting
 * with {@code #} skipped) or JSON Lines (one object per line with {@code prompt}, and optionally
 * {@code negative} (a text or a list of texts), {@code seed}, {@code aspectRatio} ({@code "16:9"}),
 * {@code mimeType} and {@code name}). A file whose first item line starts with <code>{</code> is JSON Lines.
 *
 * <pre>{@code
 * List<BatchItem> items = BatchInput.read(Path.of("prompts.jsonl"));
 * }</pre>
 *
 * <p>Every bad line is reported at once, with its line number, in a {@link BatchInputException};
 * no item of a file with errors is returned.
 */
public final class BatchInput {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private BatchInput() {}

  /** The items of {@code file} (UTF-8). */
  public static List<BatchItem> read(Path file) {
    try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
      return read(file.toString(), reader);
    } catch (CharacterCodingException e) {
      throw new BatchInputException(file.toString(),
          List.of(new BatchInputException.LineError(1, "the file is not UTF-8 text")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The items read from {@code reader}; {@code source} names it in errors. */
  public static List<BatchItem> read(String source, Reader reader) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    List<BatchItem> items = new ArrayList<>();
    List<BatchInputException.LineError> errors = new ArrayList<>();
    Map<String, Integer> stems = new HashMap<>();
    Boolean json = null;
    String text;
    int line = 0;
    while ((text = in.readLine()) != null) {
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      String trimmed = text.strip();
      if (trimmed.isEmpty() || json != Boolean.TRUE && trimmed.startsWith("#")) {
        continue;
      }
      if (json == null) {
        json = trimmed.startsWith("{");
      }
      try {
        BatchItem item = json ? parseJson(line, trimmed) : BatchItem.builder(line, trimmed).build();
        Integer previous = stems.putIfAbsent(item.stem(), line);
        if (previous != null) {
          throw new IllegalArgumentException("name \"" + item.stem() + "\" is already used on line " + previous
              + ": each item needs its own file name");
        }
        items.add(item);
      } catch (IllegalArgumentException e) {
        errors.add(new BatchInputException.LineError(line, e.getMessage()));
      }
    }
    if (!errors.isEmpty() || items.isEmpty()) {
      throw new BatchInputException(source, errors);
    }
    return List.copyOf(items);
  }

  /**
   * A fingerprint of the items: the same file read twice gives the same id, any change to an item
   * gives another. A journal holds one batch and refuses another.
   */
  public static String batchId(List<BatchItem> items) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (BatchItem item : items) {
        String canonical = item.line() + "\u0000" + item.prompt() + "\u0000" + String.join("\u0001", item.negatives())
            + "\u0000" + item.seed() + "\u0000" + item.aspectRatio().map(AspectRatio::toString).orElse("")
            + "\u0000" + item.mimeType().orElse("") + "\u0000" + item.name().orElse("") + "\u0002";
        sha.update(canonical.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BatchItem parseJson(int line, String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object, as on the first item line");
      }
      String prompt = null;
      List<String> negatives = new ArrayList<>();
      Long seed = null;
      AspectRatio aspect = null;
      String mimeType = null;
      String name = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "prompt":
            prompt = string(p, field, value);
            break;
          case "negative":
            if (value == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) {
                negatives.add(string(p, field, p.currentToken()));
              }
            } else {
              negatives.add(string(p, field, value));
            }
            break;
          case "seed":
            if (value != JsonToken.VALUE_NUMBER_INT) {
              throw new IllegalArgumentException("seed must be a whole number from 0 to " + Long.MAX_VALUE);
            }
            try {
              seed = p.getLongValue();
            } catch (JsonProcessingException e) {
              throw new IllegalArgumentException("seed is too large: use a number from 0 to " + Long.MAX_VALUE);
            }
            break;
          case "aspectRatio":
            aspect = AspectRatio.parse(string(p, field, value));
            break;
          case "mimeType":
            mimeType = string(p, field, value);
            break;
          case "name":
            name = string(p, field, value);
            break;
          default:
            throw new IllegalArgumentException("unknown field \"" + field
                + "\": use prompt, negative, seed, aspectRatio, mimeType or name");
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON object: put one object on each line");
      }
      if (prompt == null) {
        throw new IllegalArgumentException("\"prompt\" is missing");
      }
      BatchItem.Builder b = BatchItem.builder(line, prompt).negatives(negatives).aspectRatio(aspect)
          .mimeType(mimeType).name(name);
      if (seed != null) {
        b.seed(seed);
      }
      return b.build();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String string(JsonParser p, String field, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return p.getText();
  }
}
