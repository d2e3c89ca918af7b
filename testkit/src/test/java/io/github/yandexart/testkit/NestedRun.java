package io.github.yandexart.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a sample test class (a static nested class of a test) through the JUnit Platform and reports
 * how each of its test methods ended. Sample classes carry {@code @ExtendWith(NestedRun.Only.class)}
 * so that they run only here, never on their own (an IDE may discover them).
 */
final class NestedRun {
  private static final String KEY = "yandexart.testkit.nested-run";

  private NestedRun() {}

  /** Test method name → result, in execution order. */
  static Map<String, TestExecutionResult> run(Class<?> testClass) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass))
        .configurationParameter(KEY, "true")
        .build();
    Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Optional<String> method = id.getSource()
            .filter(MethodSource.class::isInstance)
            .map(s -> ((MethodSource) s).getMethodName());
        if (id.isTest() && method.isPresent()) {
          results.put(method.get(), result);
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          results.put("<" + id.getDisplayName() + ">", result);
        }
      }
    });
    return results;
  }

  /** Disables a sample class unless {@link #run} runs it. */
  static final class Only implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(KEY).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run by NestedRun")
          : ConditionEvaluationResult.disabled("a sample class: runs only inside the test that holds it");
    }
  }
}
