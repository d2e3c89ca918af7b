package io.github.yandexart.batch;

import java.util.List;

/** An input file has lines that cannot become items; nothing of it may be sent. */
public final class BatchInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with one line. */
  public static final class LineError implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String message;

    public LineError(int line, String message) {
      this.line = line;
      this.message = message;
    }

    /** The 1-based line number. */
    public int line() {
      return line;
    }

    public String message() {
      return message;
    }

    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  private final String source;
  private final List<LineError> errors;

  public BatchInputException(String source, List<LineError> errors) {
    super(message(source, errors));
    this.source = source;
    this.errors = List.copyOf(errors);
  }

  private static String message(String source, List<LineError> errors) {
    StringBuilder s = new StringBuilder(source).append(": ");
    if (errors.isEmpty()) {
      return s.append("no items").toString();
    }
    s.append(errors.size()).append(errors.size() == 1 ? " bad line" : " bad lines");
    int shown = 0;
    for (LineError e : errors) {
      if (shown++ == 20) {
        s.append("\n  … and ").append(errors.size() - 20).append(" more");
        break;
      }
      s.append("\n  ").append(source).append(':').append(e.line()).append(": ").append(e.message());
    }
    return s.toString();
  }

  /** The file (or name) the lines came from. */
  public String source() {
    return source;
  }

  /** Every bad line, in order. */
  public List<LineError> errors() {
    return errors;
  }
}
