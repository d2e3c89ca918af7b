package io.github.yandexart.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.yandexart.ApiCallException;
import io.github.yandexart.AspectRatio;
import io.github.yandexart.CallOptions;
import io.github.yandexart.GeneratedImage;
import io.github.yandexart.ImageGenerationOptions;
import io.github.yandexart.ImageGenerationRequest;
import io.github.yandexart.ImageGenerator;
import io.github.yandexart.ImageSink;
import io.github.yandexart.Message;
import io.github.yandexart.Operation;
import io.github.yandexart.OperationStatus;
import io.github.yandexart.StatusCode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contract is only worth passing if it fails for broken generators. Each nested "mutant" wraps
 * the fake with one bug a transport could plausibly have, and names the contract tests that must
 * catch it; every contract test must catch at least one mutant, and a faithful wrapper passes all.
 */
class ContractCatchesBrokenGeneratorsTest {
  /** The contract tests that must fail for this mutant. */
  @Retention(RetentionPolicy.RUNTIME)
  @interface CaughtBy {
    String[] value();
  }

  @TestFactory
  Stream<DynamicTest> everyMutantIsCaughtByTheTestsItNames() {
    return mutants().stream().flatMap(mutant -> Arrays.stream(mutant.getAnnotation(CaughtBy.class).value())
        .map(test -> DynamicTest.dynamicTest(mutant.getSimpleName() + " is caught by " + test, () -> {
          TestExecutionResult result = runOne(mutant, test);
          assertThat(result.getStatus())
              .as("%s should fail against %s", test, mutant.getSimpleName())
              .isEqualTo(TestExecutionResult.Status.FAILED);
        })));
  }

  @Test
  void everyContractTestCatchesSomeMutant() {
    Set<String> contractTests = Arrays.stream(ImageGeneratorContract.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> catching = mutants().stream()
        .flatMap(m -> Arrays.stream(m.getAnnotation(CaughtBy.class).value()))
        .collect(Collectors.toSet());
    assertThat(catching).as("only real contract tests are named").isSubsetOf(contractTests);
    assertThat(contractTests).as("contract tests no mutant proves able to fail").isSubsetOf(catching);
  }

  @Test
  void aFaithfulWrapperPassesTheWholeContract() {
    Map<String, TestExecutionResult> results = NestedRun.run(Faithful.class);
    assertThat(results).hasSizeGreaterThanOrEqualTo(17);
    assertThat(results.entrySet())
        .allSatisfy(e -> assertThat(e.getValue().getStatus()).as(e.getKey() + ": " + e.getValue().getThrowable())
            .isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
  }

  private static List<Class<?>> mutants() {
    return Arrays.stream(ContractCatchesBrokenGeneratorsTest.class.getDeclaredClasses())
        .filter(c -> c.isAnnotationPresent(CaughtBy.class))
        .collect(Collectors.toList());
  }

  private static TestExecutionResult runOne(Class<?> mutant, String test) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(mutant, test))
        .configurationParameter("yandexart.testkit.nested-run", "true")
        .build();
    Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    LauncherFactory.create().execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          results.put(id.getDisplayName(), result);
        }
      }
    });
    assertThat(results).as("%s ran exactly once", test).hasSize(1);
    return results.values().iterator().next();
  }

  /** An ImageGenerator that forwards to another, with hooks to plant bugs. */
  static class Delegating implements ImageGenerator {
    final ImageGenerator target;
    UnaryOperator<ImageGenerationRequest> requests = r -> r;
    UnaryOperator<Operation> answers = op -> op;
    Function<ApiCallException, Throwable> errors = e -> e;

    Delegating(ImageGenerator target) {
      this.target = target;
    }

    Delegating requests(UnaryOperator<ImageGenerationRequest> change) {
      this.requests = change;
      return this;
    }

    Delegating answers(UnaryOperator<Operation> change) {
      this.answers = change;
      return this;
    }

    Delegating errors(Function<ApiCallException, Throwable> change) {
      this.errors = change;
      return this;
    }

    @Override
    public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
      return adapt(target.submit(requests.apply(request)));
    }

    @Override
    public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
      return adapt(target.getOperation(operationId));
    }

    @Override
    public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
      return adapt(target.cancelOperation(operationId));
    }

    @Override
    public void close() {
      target.close();
    }

    CompletableFuture<Operation> adapt(CompletableFuture<Operation> call) {
      CompletableFuture<Operation> out = new CompletableFuture<>();
      call.whenComplete((op, error) -> {
        try {
          if (error == null) {
            out.complete(answers.apply(op));
          } else {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            out.completeExceptionally(cause instanceof ApiCallException ? errors.apply((ApiCallException) cause) : cause);
          }
        } catch (RuntimeException e) {
          out.completeExceptionally(e);
        }
      });
      return out;
    }
  }

  /** Runs the contract against the fake behind whatever {@link #wrap} makes of it. */
  @ExtendWith(NestedRun.Only.class)
  abstract static class Mutant extends ImageGeneratorContract {
    private final FakeImageGenerator fake = FakeImageGenerator.create();

    abstract ImageGenerator wrap(ImageGenerator fake);

    @Override
    protected ImageGenerator generator() {
      return wrap(fake);
    }

    @Override
    protected ImageGenerator newGenerator() {
      return wrap(FakeImageGenerator.over(fake.store()));
    }

    @Override
    protected InMemoryOperationStore store() {
      return fake.store();
    }
  }

  static final class Faithful extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake);
    }
  }

  private static Operation withImage(Operation op, UnaryOperator<GeneratedImage> change) {
    return op.image().map(i -> op.toBuilder().image(change.apply(i)).build()).orElse(op);
  }

  private static Operation withError(Operation op, UnaryOperator<OperationStatus> change) {
    return op.error().map(e -> op.toBuilder().error(change.apply(e)).build()).orElse(op);
  }

  private static ApiCallException rebuilt(ApiCallException e, StatusCode code, ApiCallException.Origin origin,
      String message) {
    ApiCallException.Builder b = ApiCallException.builder(code, origin).message(message);
    e.retryAfter().ifPresent(b::retryAfter);
    return b.build();
  }

  private static String ascii(String text) {
    return text.codePoints().mapToObj(c -> c < 128 ? Character.toString(c) : "?").collect(Collectors.joining());
  }

  @CaughtBy({"submitThenReadsEndWithTheImage", "imageBytesArriveUnchanged", "sameRequestGivesTheSameImage",
      "cancellingAFinishedOperationChangesNothing", "manyConcurrentSubmitsGetDistinctOperations"})
  static final class DropsTheImage extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> op.toBuilder().image(null).build());
    }
  }

  @CaughtBy("aStreamedReadWritesExactlyTheImageBytesIntoTheSinkOnce")
  static final class OpensTheSinkForUnfinishedReads extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
          return target.getOperation(operationId, options).thenApply(op -> {
            if (!op.done() && options.imageSink().isPresent()) {
              try {
                options.imageSink().get().open(operationId, "image/jpeg").close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
            return op;
          });
        }
      };
    }
  }

  @CaughtBy("aStreamedReadWritesExactlyTheImageBytesIntoTheSinkOnce")
  static final class StreamsAllButTheLastByte extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
          if (options.imageSink().isEmpty()) {
            return target.getOperation(operationId, options);
          }
          ImageSink sink = options.imageSink().get();
          return target.getOperation(operationId, CallOptions.defaults().withImageSink((id, mime) -> {
            OutputStream out = sink.open(id, mime);
            return new FilterOutputStream(out) {
              private byte held = -1;
              private boolean holding;

              @Override
              public void write(int b) throws IOException {
                if (holding) {
                  out.write(held);
                }
                held = (byte) b;
                holding = true;
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                  write(b[off + i]);
                }
              }
            };
          }));
        }
      };
    }
  }

  @CaughtBy("aSinkThatCannotOpenFailsTheReadWithUncheckedIoException")
  static final class SwallowsSinkFailures extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
          if (options.imageSink().isEmpty()) {
            return target.getOperation(operationId, options);
          }
          ImageSink sink = options.imageSink().get();
          return target.getOperation(operationId, CallOptions.defaults().withImageSink((id, mime) -> {
            try {
              return sink.open(id, mime);
            } catch (IOException e) {
              return OutputStream.nullOutputStream();
            }
          }));
        }
      };
    }
  }

  @CaughtBy("theServersPollHintReachesTheClient")
  static final class DropsThePollHint extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> op.toBuilder().pollInterval(null).build());
    }
  }

  @CaughtBy("imageBytesArriveUnchanged")
  static final class LosesTheLastByteOfTheImage extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> withImage(op, i -> GeneratedImage.of(
          Arrays.copyOf(i.bytes(), i.size() - 1), i.modelVersion().orElse(null))));
    }
  }

  @CaughtBy("imageBytesArriveUnchanged")
  static final class LosesTheModelVersion extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> withImage(op, i -> GeneratedImage.of(i.bytes(), null)));
    }
  }

  @CaughtBy("submitThenReadsEndWithTheImage")
  static final class ReadsTwicePerCall extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
          return target.getOperation(operationId).thenCompose(first -> target.getOperation(operationId));
        }
      };
    }
  }

  @CaughtBy("requestArrivesAtTheServiceUnchanged")
  static final class ManglesNonAsciiPrompts extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).requests(r -> r.toBuilder().messages(r.messages().stream()
          .map(m -> Message.of(ascii(m.text()), m.weight())).collect(Collectors.toList())).build());
    }
  }

  @CaughtBy("requestArrivesAtTheServiceUnchanged")
  static final class RoundsWeights extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).requests(r -> r.toBuilder().messages(r.messages().stream()
          .map(m -> Message.of(m.text(), Math.round(m.weight()))).collect(Collectors.toList())).build());
    }
  }

  @CaughtBy("requestArrivesAtTheServiceUnchanged")
  static final class KeepsOnly32BitsOfTheSeed extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).requests(r -> r.options().seed().isEmpty() ? r : r.toBuilder()
          .options(r.options().toBuilder().seed(r.options().seed().getAsLong() & 0xffff_ffffL).build()).build());
    }
  }

  @CaughtBy("unsetOptionsStayUnset")
  static final class SendsDefaultsForUnsetOptions extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).requests(r -> {
        ImageGenerationOptions o = r.options();
        return r.toBuilder().options(o.toBuilder()
            .mimeType(o.mimeType().orElse("image/jpeg"))
            .seed(o.seed().orElse(0))
            .aspectRatio(o.aspectRatio().orElse(AspectRatio.SQUARE))
            .build()).build();
      });
    }
  }

  @CaughtBy("failedOperationCarriesTheServerStatus")
  static final class LosesTheStatusMessage extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> withError(op, s -> OperationStatus.of(s.code(), "")));
    }
  }

  @CaughtBy("failureDetailsCarryTheRequestId")
  static final class LosesStatusDetails extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> withError(op, s -> OperationStatus.of(s.code(), s.message())));
    }
  }

  @CaughtBy("errorBeforeDoneIsReportedAsIs")
  static final class HidesErrorsUntilDone extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> op.done() ? op : op.toBuilder().error(null).build());
    }
  }

  @CaughtBy("errorBeforeDoneIsReportedAsIs")
  static final class MarksFailedOperationsDone extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> op.error().isPresent() ? op.toBuilder().done(true).build() : op);
    }
  }

  @CaughtBy("cancelledOperationEndsWithCodeOne")
  static final class CancelOnlyReads extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
          return getOperation(operationId);
        }
      };
    }
  }

  @CaughtBy("cancelledOperationEndsWithCodeOne")
  static final class ReportsCancelledAsAborted extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).answers(op -> withError(op, s -> s.code() == StatusCode.CANCELLED
          ? OperationStatus.of(StatusCode.ABORTED, s.message(), s.details()) : s));
    }
  }

  @CaughtBy("cancellingAFinishedOperationChangesNothing")
  static final class CancelOverwritesFinishedOperations extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
          return super.cancelOperation(operationId, options).thenApply(op -> op.toBuilder()
              .done(true).error(OperationStatus.of(StatusCode.CANCELLED, "cancelled")).build());
        }
      };
    }
  }

  @CaughtBy({"unknownOperationIdIsNotFound", "readsRightAfterSubmitMayAnswerNotFound",
      "refusedSubmitIsProvablyNotAccepted", "unavailableReadIsRetryable", "contentPolicyRefusalKeepsTheServerMessage"})
  static final class ReportsServerErrorsAsTransportFailures extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).errors(e -> rebuilt(e, e.code(), ApiCallException.Origin.TRANSPORT, e.getMessage()));
    }
  }

  @CaughtBy({"unknownOperationIdIsNotFound", "readsRightAfterSubmitMayAnswerNotFound"})
  static final class ReportsNotFoundAsInternal extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).errors(e -> e.code() != StatusCode.NOT_FOUND ? e
          : rebuilt(e, StatusCode.INTERNAL, ApiCallException.Origin.SERVER, e.getMessage()));
    }
  }

  @CaughtBy("unknownOperationIdIsNotFound")
  static final class FailsWithAnUntypedException extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).errors(e -> new IllegalStateException("HTTP " + e.code().httpStatus()));
    }
  }

  @CaughtBy("refusalCarriesRetryAfter")
  static final class DropsRetryAfter extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).errors(e -> e.toBuilder().retryAfter(null).build());
    }
  }

  @CaughtBy("refusedSubmitIsProvablyNotAccepted")
  static final class RetriesRefusedSubmitsItself extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
          return target.submit(request).exceptionallyCompose(e -> target.submit(request));
        }
      };
    }
  }

  @CaughtBy("contentPolicyRefusalKeepsTheServerMessage")
  static final class ManglesNonAsciiErrorMessages extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake).errors(e -> rebuilt(e, e.code(), e.origin(),
          ascii(e.status().map(OperationStatus::message).orElse(""))));
    }
  }

  @CaughtBy({"manyConcurrentSubmitsGetDistinctOperations", "sameRequestGivesTheSameImage"})
  static final class AnswersWithThePreviousSubmitsOperation extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        private Operation previous;

        @Override
        public synchronized CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
          Operation mine = target.submit(request).join();
          Operation answer = previous == null ? mine : previous;
          previous = mine;
          return CompletableFuture.completedFuture(answer);
        }
      };
    }
  }

  @CaughtBy("callsAfterCloseFailWithIllegalStateExceptionAndSendNothing")
  static final class IgnoresClose extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public void close() {}
      };
    }
  }

  @CaughtBy("callsAfterCloseFailWithIllegalStateExceptionAndSendNothing")
  static final class FailsClosedCallsWithAnApiCallException extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        private volatile boolean closed;

        @Override
        public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
          return closed ? closedFailure() : super.submit(request, options);
        }

        @Override
        public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
          return closed ? closedFailure() : super.getOperation(operationId, options);
        }

        @Override
        public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
          return closed ? closedFailure() : super.cancelOperation(operationId, options);
        }

        @Override
        public void close() {
          closed = true;
        }

        private CompletableFuture<Operation> closedFailure() {
          return CompletableFuture.failedFuture(ApiCallException.builder(StatusCode.FAILED_PRECONDITION,
              ApiCallException.Origin.CLIENT).message("the generator is closed").build());
        }
      };
    }
  }

  @CaughtBy("nullOrBlankOperationIdsAreRefusedBeforeAnythingIsSent")
  static final class SendsBlankIdsToTheService extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
          return operationId == null || operationId.isBlank() ? notFound() : super.getOperation(operationId, options);
        }

        @Override
        public CompletableFuture<Operation> cancelOperation(String operationId, CallOptions options) {
          return operationId == null || operationId.isBlank() ? notFound() : super.cancelOperation(operationId, options);
        }

        private CompletableFuture<Operation> notFound() {
          return CompletableFuture.failedFuture(
              ApiCallException.builder(StatusCode.NOT_FOUND, ApiCallException.Origin.SERVER).build());
        }
      };
    }
  }

  @CaughtBy("cancellingAReturnedFutureAbandonsTheCallNotTheOperation")
  static final class CancellingAFutureCancelsTheOperation extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> getOperation(String operationId, CallOptions options) {
          // answers a moment later, as a transport over a network does, so the test can cancel first
          CompletableFuture<Operation> call = new CompletableFuture<>();
          call.whenComplete((op, error) -> {
            if (call.isCancelled()) {
              target.cancelOperation(operationId);
            }
          });
          CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS)
              .execute(() -> target.getOperation(operationId).thenAccept(call::complete));
          return call;
        }
      };
    }
  }

  @CaughtBy("aCallMadeWithAnExecutorCompletesOnIt")
  static final class IgnoresTheCallersExecutor extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        CompletableFuture<Operation> adapt(CompletableFuture<Operation> call) {
          // answers a moment later on a thread of its own, as a transport's callback pool would
          CompletableFuture<Operation> out = new CompletableFuture<>();
          CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS)
              .execute(() -> super.adapt(call).whenComplete((op, e) -> {
                if (e == null) {
                  out.complete(op);
                } else {
                  out.completeExceptionally(e);
                }
              }));
          return out;
        }
      };
    }
  }

  @CaughtBy("anExecutorThatRefusesTheCompletionDoesNotLoseTheAnswer")
  static final class DropsAnswersTheExecutorRefuses extends Mutant {
    @Override
    ImageGenerator wrap(ImageGenerator fake) {
      return new Delegating(fake) {
        @Override
        public CompletableFuture<Operation> submit(ImageGenerationRequest request, CallOptions options) {
          CompletableFuture<Operation> out = new CompletableFuture<>();
          target.submit(request).thenAccept(op -> options.executor().orElse(Runnable::run)
              .execute(() -> out.complete(op)));
          return out;
        }
      };
    }
  }
}
