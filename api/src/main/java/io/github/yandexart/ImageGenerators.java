package io.github.yandexart;

import io.github.yandexart.spi.ImageGeneratorProvider;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * Finds a transport and makes an {@link ImageGenerator} with it.
 *
 * <pre>{@code
 * ImageGenerator generator = ImageGenerators.create(ClientConfig.fromEnvironment());
 * System.out.println(ImageGenerators.describe());   // what was found, and which one wins
 * }</pre>
 *
 * <p>Which transport: the name in {@link ClientConfig#transport()}, else the system property {@value
 * #TRANSPORT_PROPERTY}, else the environment variable {@value #TRANSPORT_ENV}, else the available
 * provider with the highest priority (gRPC 20, REST 10). Providers are found with {@link
 * ServiceLoader}; should a shaded jar have lost its {@code META-INF/services} files, the SDK's own
 * providers are still found by class name. A provider that fails to load is skipped and reported by
 * {@link #describe()}.
 */
public final class ImageGenerators {
  /** The system property that names a transport. */
  public static final String TRANSPORT_PROPERTY = "yandexart.transport";
  /** The environment variable that names a transport. */
  public static final String TRANSPORT_ENV = "YANDEXART_TRANSPORT";

  /** The SDK's own providers, found by name when service files are missing. */
  static final List<String> KNOWN_PROVIDERS = List.of(
      "io.github.yandexart.grpc.GrpcImageGeneratorProvider",
      "io.github.yandexart.rest.RestImageGeneratorProvider");

  private static final Map<String, String> ARTIFACTS = Map.of(
      "rest", "io.github.yandexart:yandexart-transport-rest",
      "grpc", "io.github.yandexart:yandexart-transport-grpc");

  private ImageGenerators() {}

  /** A generator from the transport discovery picks for {@code config}. */
  public static ImageGenerator create(ClientConfig config) {
    return provider(config).create(config);
  }

  /** A generator from a provider passed by hand, bypassing discovery. */
  public static ImageGenerator create(ClientConfig config, ImageGeneratorProvider provider) {
    Objects.requireNonNull(provider, "provider");
    if (!provider.isAvailable()) {
      throw new IllegalStateException("transport \"" + provider.name() + "\" is not available here");
    }
    return provider.create(config);
  }

  /**
   * The provider {@link #create(ClientConfig)} would use for {@code config}, by the same rules; for
   * callers that need to know the transport before creating it (to pick an endpoint, say).
   */
  public static ImageGeneratorProvider provider(ClientConfig config) {
    return select(Discovery.load(defaultLoader(), KNOWN_PROVIDERS), config,
        System::getProperty, System::getenv);
  }

  /** The providers found, highest priority first (available or not). */
  public static List<ImageGeneratorProvider> providers() {
    return Discovery.load(defaultLoader(), KNOWN_PROVIDERS).providers;
  }

  /** What discovery found, what failed to load, and which transport it would pick with no name given. */
  public static String describe() {
    return describe(Discovery.load(defaultLoader(), KNOWN_PROVIDERS), ClientConfig.builder().build(),
        System::getProperty, System::getenv);
  }

  static String describe(Discovery found, ClientConfig config,
      UnaryOperator<String> properties, UnaryOperator<String> env) {
    StringBuilder s = new StringBuilder("yandexart transports:\n");
    if (found.providers.isEmpty()) {
      s.append("  none found\n");
    }
    for (ImageGeneratorProvider p : found.providers) {
      s.append("  ").append(safeName(p)).append(" (priority ").append(safePriority(p)).append(", ")
          .append(safeAvailable(p) ? "available" : "not available").append(") ")
          .append(p.getClass().getName()).append('\n');
    }
    for (String problem : found.problems) {
      s.append("  skipped: ").append(problem).append('\n');
    }
    try {
      ImageGeneratorProvider chosen = select(found, config, properties, env);
      s.append("chosen: ").append(safeName(chosen)).append(" (").append(reason(config, properties, env))
          .append(')');
    } catch (IllegalStateException e) {
      s.append("chosen: none: ").append(e.getMessage());
    }
    return s.toString();
  }

  static ImageGeneratorProvider select(Discovery found, ClientConfig config,
      UnaryOperator<String> properties, UnaryOperator<String> env) {
    Optional<String> requested = requestedName(config, properties, env);
    if (requested.isPresent()) {
      String name = requested.get().toLowerCase(Locale.ROOT);
      ImageGeneratorProvider match = found.providers.stream()
          .filter(p -> name.equalsIgnoreCase(safeName(p))).findFirst()
          .orElseThrow(() -> new IllegalStateException("transport \"" + name + "\" was asked for ("
              + reason(config, properties, env) + ") but is not on the classpath: add "
              + ARTIFACTS.getOrDefault(name, "the artifact that provides it")
              + found.summary()));
      if (!safeAvailable(match)) {
        throw new IllegalStateException("transport \"" + name + "\" was asked for ("
            + reason(config, properties, env) + ") but is not available here" + found.summary());
      }
      return match;
    }
    return found.providers.stream().filter(ImageGenerators::safeAvailable).findFirst()
        .orElseThrow(() -> new IllegalStateException("no yandexart transport found: add "
            + ARTIFACTS.get("grpc") + " or " + ARTIFACTS.get("rest") + " to the classpath"
            + found.summary()));
  }

  private static Optional<String> requestedName(ClientConfig config,
      UnaryOperator<String> properties, UnaryOperator<String> env) {
    if (config.transport().isPresent()) {
      return config.transport();
    }
    String p = properties.apply(TRANSPORT_PROPERTY);
    if (p != null && !p.isBlank()) {
      return Optional.of(p.trim());
    }
    String e = env.apply(TRANSPORT_ENV);
    return e != null && !e.isBlank() ? Optional.of(e.trim()) : Optional.empty();
  }

  private static String reason(ClientConfig config,
      UnaryOperator<String> properties, UnaryOperator<String> env) {
    if (config.transport().isPresent()) {
      return "named in ClientConfig";
    }
    String p = properties.apply(TRANSPORT_PROPERTY);
    if (p != null && !p.isBlank()) {
      return "system property " + TRANSPORT_PROPERTY;
    }
    String e = env.apply(TRANSPORT_ENV);
    if (e != null && !e.isBlank()) {
      return "environment variable " + TRANSPORT_ENV;
    }
    return "highest priority available";
  }

  private static String safeName(ImageGeneratorProvider p) {
    try {
      return p.name();
    } catch (RuntimeException | LinkageError e) {
      return p.getClass().getName();
    }
  }

  private static boolean safeAvailable(ImageGeneratorProvider p) {
    try {
      return p.isAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static ClassLoader defaultLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ImageGenerators.class.getClassLoader();
  }

  /** The result of looking for providers: what was found and what failed. */
  static final class Discovery {
    final List<ImageGeneratorProvider> providers;
    final List<String> problems;

    private Discovery(List<ImageGeneratorProvider> providers, List<String> problems) {
      this.providers = providers;
      this.problems = problems;
    }

    static Discovery load(ClassLoader loader, List<String> knownProviders) {
      Map<String, ImageGeneratorProvider> byClass = new LinkedHashMap<>();
      List<String> problems = new ArrayList<>();
      Iterator<ImageGeneratorProvider> it = ServiceLoader.load(ImageGeneratorProvider.class, loader).iterator();
      while (true) {
        try {
          if (!it.hasNext()) {
            break;
          }
          ImageGeneratorProvider p = it.next();
          byClass.putIfAbsent(p.getClass().getName(), p);
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
          // The error names the class; its cause says why (a constructor's exception, say).
          problems.add(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
        }
      }
      for (String className : knownProviders) {
        if (byClass.containsKey(className)) {
          continue;
        }
        try {
          Class<?> type = Class.forName(className, true, loader);
          byClass.put(className,
              (ImageGeneratorProvider) type.getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
          // not on the classpath: nothing to report
        } catch (InvocationTargetException e) {
          problems.add(className + ": " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
          problems.add(className + ": " + e);
        }
      }
      List<ImageGeneratorProvider> sorted = new ArrayList<>(byClass.values());
      sorted.sort(Comparator.comparingInt(ImageGenerators::safePriority).reversed());
      return new Discovery(List.copyOf(sorted), List.copyOf(problems));
    }

    String summary() {
      StringBuilder s = new StringBuilder();
      if (!providers.isEmpty()) {
        s.append(" (found:");
        providers.forEach(p -> s.append(' ').append(safeName(p)));
        s.append(')');
      }
      if (!problems.isEmpty()) {
        s.append(" (skipped broken providers: ").append(String.join("; ", problems)).append(')');
      }
      return s.toString();
    }
  }

  private static int safePriority(ImageGeneratorProvider p) {
    try {
      return p.priority();
    } catch (RuntimeException | LinkageError e) {
      return Integer.MIN_VALUE;
    }
  }
}
