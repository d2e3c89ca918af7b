package io.github.yandexart.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start without credentials into Spring Boot's "APPLICATION FAILED TO START" description and action. */
class YandexArtCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<YandexArtCredentialsMissingException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, YandexArtCredentialsMissingException cause) {
    return new FailureAnalysis(
        "The YandexART client needs credentials, and none are configured.",
        "Set the property yandexart.api-key (or yandexart.iam-token, or yandexart.service-account-key-file"
            + " with io.github.yandexart:yandexart-auth on the classpath), or the environment variable"
            + " YC_API_KEY. In a test, annotate the test class with @AutoConfigureYandexArtFake (from"
            + " yandexart-testkit) or define an ImageGenerator bean.",
        cause);
  }
}
