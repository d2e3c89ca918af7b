package io.github.yandexart.spring;

/**
 * The application starts a real transport but no credentials are configured: says which property
 * (or environment variable) to set.
 */
public class YandexArtCredentialsMissingException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public YandexArtCredentialsMissingException() {
    super("no YandexART credentials configured: set the property yandexart.api-key (or"
        + " yandexart.iam-token, or yandexart.service-account-key-file with yandexart-auth on the"
        + " classpath), or the environment variable YC_API_KEY (YC_IAM_TOKEN,"
        + " YC_SERVICE_ACCOUNT_KEY_FILE); in tests, define an ImageGenerator bean such as the"
        + " testkit's FakeImageGenerator (see @AutoConfigureYandexArtFake)");
  }
}
