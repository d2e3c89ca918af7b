package io.github.yandexart;

import java.util.Objects;

/**
 * One weighted text of a prompt. A positive weight asks for the text, a negative weight asks to
 * avoid it (a negative prompt; the service documents negative weights as not yet supported by the
 * model). A request needs at least one message with a positive weight.
 *
 * <pre>{@code
 * Message.of("a red cat");              // weight 1
 * Message.of("sitting on a roof", 0.5);
 * }</pre>
 */
public final class Message {
  /** The service's limit on the length of one message's text, in characters. */
  public static final int MAX_TEXT_LENGTH = 500;

  private final String text;
  private final double weight;

  private Message(String text, double weight) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("message text is blank: give the prompt some words");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "message text is " + text.length() + " characters long; the service accepts at most "
              + MAX_TEXT_LENGTH + ": shorten it or split it into several messages");
    }
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          "message weight is " + weight + ": use a finite number (1 is the usual weight)");
    }
    this.text = text;
    this.weight = weight;
  }

  /** A message with weight 1. */
  public static Message of(String text) {
    return new Message(text, 1.0);
  }

  /** A message with the given weight; negative weights ask the model to avoid the text. */
  public static Message of(String text, double weight) {
    return new Message(text, weight);
  }

  public String text() {
    return text;
  }

  public double weight() {
    return weight;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message
        && ((Message) o).text.equals(text)
        && Double.compare(((Message) o).weight, weight) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, weight);
  }

  @Override
  public String toString() {
    return "Message{text=" + quote(text) + ", weight=" + weight + "}";
  }

  static String quote(String text) {
    String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
    return '"' + shown + '"';
  }
}
