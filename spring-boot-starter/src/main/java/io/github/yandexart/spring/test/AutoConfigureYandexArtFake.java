package io.github.yandexart.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * On a {@code @SpringBootTest} class: the application's {@link io.github.yandexart.YandexArtClient}
 * runs over the testkit's {@link io.github.yandexart.testkit.FakeImageGenerator} instead of a real
 * transport, with no network and no credentials. Needs {@code yandexart-testkit} on the test
 * classpath.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureYandexArtFake
 * class PosterServiceTest {
 *   @Autowired PosterService posters;
 *   @Autowired FakeImageGenerator fake;
 *
 *   @Test
 *   void generatesOnePoster() {
 *     posters.poster("a red cat");
 *     assertThat(fake.submittedRequests()).hasSize(1);
 *   }
 * }
 * }</pre>
 *
 * <p>The fake's {@link io.github.yandexart.testkit.InMemoryOperationStore} is a bean too (each
 * generation done after two reads by default; script other outcomes with {@code
 * store.setDefaultOutcome(...)}), and so is the client's time: an auto-advancing {@link
 * io.github.yandexart.testkit.VirtualScheduler}, so the client's waits take no real time while the
 * test thread is blocked in it. Define your own store or {@code Scheduler} bean to replace them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(YandexArtFakeAutoConfiguration.class)
public @interface AutoConfigureYandexArtFake {}
