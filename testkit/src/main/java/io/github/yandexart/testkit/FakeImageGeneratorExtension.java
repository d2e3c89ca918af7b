package io.github.yandexart.testkit;

import io.github.yandexart.ImageGenerator;
import io.github.yandexart.WaitPolicy;
import io.github.yandexart.YandexArtClient;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands each test a fresh fake service in virtual time: parameters of type
 * {@link FakeImageGenerator} (or {@link ImageGenerator}), {@link InMemoryOperationStore}, {@link
 * VirtualScheduler} and {@link YandexArtClient} are resolved to one set of objects per test, wired
 * together: the store runs on the scheduler's clock, the client calls the fake and waits on the
 * scheduler (without jitter). After the test the client and the fake are closed.
 *
 * <pre>{@code
 * @ExtendWith(FakeImageGeneratorExtension.class)
 * class PosterTest {
 *   @Test
 *   void postersAreDrawnOnce(YandexArtClient client, FakeImageGenerator fake) {
 *     PosterService service = new PosterService(client);   // calls client.generate(...)
 *     service.drawPoster("a red cat");
 *     FakeAssertions.assertThat(fake).submittedOnce().submittedPrompt("a red cat");
 *   }
 * }
 * }</pre>
 *
 * <p>By default time <em>advances by itself</em> while a thread is blocked in a blocking client
 * call ({@link VirtualScheduler#autoAdvancing()}): blocking code under test just works, and a wait
 * of minutes takes no real time. Async calls advance only when something blocks or the test calls
 * {@link VirtualScheduler#advance} / {@link VirtualScheduler#advanceUntilDone}. For tests that
 * step time themselves and assert what happens at each step, choose {@link Builder#manualTime()}:
 * then nothing but the test moves time, and a blocking call waits for another thread to advance it.
 *
 * <p>With options, register it as a field instead:
 *
 * <pre>{@code
 * @RegisterExtension
 * static FakeImageGeneratorExtension fake = FakeImageGeneratorExtension.builder()
 *     .defaultOutcome(Outcome.succeedAfter(Duration.ofSeconds(30)))
 *     .build();
 * }</pre>
 *
 * <p>Parameters of test methods and of {@code @BeforeEach} / {@code
 * @AfterEach} methods share the test's objects; {@code @BeforeAll} methods and test class
 * constructors get one set shared by the whole class.
 *
 * <p>Immutable and thread-safe: one instance serves tests running in parallel.
 */
public final class FakeImageGeneratorExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeImageGeneratorExtension.class);
  private static final Set<Class<?>> TYPES = Set.of(FakeImageGenerator.class, ImageGenerator.class,
      InMemoryOperationStore.class, VirtualScheduler.class, YandexArtClient.class);

  private final boolean smallImages;
  private final Outcome defaultOutcome;
  private final WaitPolicy waitPolicy;
  private final boolean autoAdvance;

  /** Small images, the store's default outcome (succeed after 2 reads) and the default wait policy. */
  public FakeImageGeneratorExtension() {
    this(builder());
  }

  private FakeImageGeneratorExtension(Builder b) {
    this.smallImages = b.smallImages;
    this.defaultOutcome = b.defaultOutcome;
    this.waitPolicy = b.waitPolicy;
    this.autoAdvance = b.autoAdvance;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Keyed by the context's id as well: a store lookup also searches the parent contexts, and a
    // test must not pick up the set a @BeforeAll method made for the class.
    Fixture fixture = context.getStore(NAMESPACE).getOrComputeIfAbsent(
        new Key(this, context.getUniqueId()), key -> new Fixture(this), Fixture.class);
    return fixture.get(parameter.getParameter().getType());
  }

  private static final class Key {
    private final FakeImageGeneratorExtension extension;
    private final String contextId;

    Key(FakeImageGeneratorExtension extension, String contextId) {
      this.extension = extension;
      this.contextId = contextId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).extension == extension && ((Key) o).contextId.equals(contextId);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(extension) * 31 + contextId.hashCode();
    }
  }

  /** One test's objects; JUnit closes it when the test's context ends. */
  private static final class Fixture implements ExtensionContext.Store.CloseableResource {
    final VirtualScheduler time;
    final InMemoryOperationStore store;
    final FakeImageGenerator fake;
    final YandexArtClient client;

    Fixture(FakeImageGeneratorExtension options) {
      time = options.autoAdvance ? VirtualScheduler.autoAdvancing() : new VirtualScheduler();
      store = InMemoryOperationStore.builder()
          .clock(time.clock())
          .smallImages(options.smallImages)
          .defaultOutcome(options.defaultOutcome)
          .build();
      fake = FakeImageGenerator.over(store, time);
      client = YandexArtClient.builder()
          .generator(fake)
          .scheduler(time)
          .waitPolicy(options.waitPolicy)
          .random(() -> 0.5) // the middle of the jitter range: no jitter, so delays are predictable
          .build();
    }

    Object get(Class<?> type) {
      if (type == FakeImageGenerator.class || type == ImageGenerator.class) {
        return fake;
      }
      if (type == InMemoryOperationStore.class) {
        return store;
      }
      if (type == VirtualScheduler.class) {
        return time;
      }
      return client;
    }

    @Override
    public void close() {
      client.close(); // closes the fake too
    }
  }

  /** Builds a {@link FakeImageGeneratorExtension}; not thread-safe. */
  public static final class Builder {
    private boolean smallImages = true;
    private Outcome defaultOutcome = Outcome.succeedAfterReads(2);
    private WaitPolicy waitPolicy = WaitPolicy.defaults();
    private boolean autoAdvance = true;

    private Builder() {}

    /**
     * Only the test moves virtual time ({@code new VirtualScheduler()}): for tests that advance step
     * by step. The default moves it by itself while a thread is blocked in the client.
     */
    public Builder manualTime() {
      this.autoAdvance = false;
      return this;
    }

    /** Whether the fake draws small (about 64×64) images; default true. False draws 1024×1024 ones. */
    public Builder smallImages(boolean small) {
      this.smallImages = small;
      return this;
    }

    /** The store's default outcome (see {@link InMemoryOperationStore.Builder#defaultOutcome}). */
    public Builder defaultOutcome(Outcome outcome) {
      this.defaultOutcome = Objects.requireNonNull(outcome, "outcome");
      return this;
    }

    /** The client's wait policy; default {@link WaitPolicy#defaults()}. */
    public Builder waitPolicy(WaitPolicy policy) {
      this.waitPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public FakeImageGeneratorExtension build() {
      return new FakeImageGeneratorExtension(this);
    }
  }
}
