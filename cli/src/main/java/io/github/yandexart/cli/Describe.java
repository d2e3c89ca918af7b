package io.github.yandexart.cli;

import io.github.yandexart.Operation;

/** One-line, grep-friendly descriptions for stdout; what came from the network is {@link Untrusted#clean cleaned}. */
final class Describe {
  private Describe() {}

  /** {@code <id> <STATE>} plus the error or the image size. */
  static String operation(Operation op) {
    StringBuilder s = new StringBuilder(Untrusted.clean(op.id())).append(' ').append(op.state());
    op.error().ifPresent(e -> s.append(' ').append(e.code().name())
        .append(e.message().isEmpty() ? "" : ": " + Untrusted.clean(e.message())));
    op.image().ifPresent(i -> s.append(' ').append(i.mimeType()).append(' ').append(i.size()).append(" bytes"));
    return s.toString();
  }
}
