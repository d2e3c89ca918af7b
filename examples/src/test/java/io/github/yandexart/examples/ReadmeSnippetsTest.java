package io.github.yandexart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the README must stand, line for line (indentation aside), between
 * {@code // README:} and {@code // README: end} markers in this module's sources or an example
 * application's under {@code examples/} (such as {@code examples/spring-boot}), which the build
 * compiles and runs. So a README snippet can never drift from code that works.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern REGION =
      Pattern.compile("// README:(?! end)[^\\n]*\\n(.*?)// README: end", Pattern.DOTALL);

  @Test
  void everyJavaSnippetInTheReadmeIsCompiledCode() throws IOException {
    List<String> regions = new ArrayList<>();
    // examples/src and the example applications under examples/ (examples/spring-boot/src, ...)
    try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/"))
          .collect(Collectors.toList())) {
        Matcher m = REGION.matcher(Files.readString(f));
        while (m.find()) {
          regions.add(normalize(m.group(1)));
        }
      }
    }
    Matcher m = BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
    int blocks = 0;
    while (m.find()) {
      blocks++;
      String snippet = normalize(m.group(1));
      assertThat(regions)
          .as("README snippet #%d must match a // README: region in examples/src:%n%s", blocks, snippet)
          .anyMatch(r -> r.contains(snippet));
    }
    assertThat(blocks).as("java snippets in the README").isPositive();
  }

  private static String normalize(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }
}
