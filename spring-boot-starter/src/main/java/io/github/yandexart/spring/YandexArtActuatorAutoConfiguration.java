package io.github.yandexart.spring;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Keeps YandexART credentials out of {@code /actuator/configprops} and {@code /actuator/env} even
 * when they are set to show values: any key that ends in {@code api-key} or {@code iam-token}, in any
 * of Spring's spellings ({@code yandexart.api-key}, {@code YANDEXART_IAM_TOKEN}, {@code YC_API_KEY},
 * {@code apiKey}), is shown as {@code ******}.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class YandexArtActuatorAutoConfiguration {

  @Bean
  public SanitizingFunction yandexArtCredentialsSanitizingFunction() {
    return SanitizingFunction.sanitizeValue().ifKeyMatches(YandexArtActuatorAutoConfiguration::isCredential);
  }

  static boolean isCredential(String key) {
    String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return k.endsWith("apikey") || k.endsWith("iamtoken");
  }
}
