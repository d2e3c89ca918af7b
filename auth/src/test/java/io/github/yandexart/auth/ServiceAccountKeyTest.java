package io.github.yandexart.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceAccountKeyTest {
  @TempDir Path dir;

  @Test
  void readsTheKeyFileYandexCloudWritesIncludingTheDoNotRemoveLine() {
    Path file = TestKeys.write(dir, "key.json", TestKeys.keyFileJson());

    ServiceAccountKey key = ServiceAccountKey.fromFile(file);

    assertThat(key.id()).isEqualTo(TestKeys.KEY_ID);
    assertThat(key.serviceAccountId()).isEqualTo(TestKeys.SERVICE_ACCOUNT_ID);
    assertThat(key.keyAlgorithm()).contains("RSA_2048");
    assertThat(key.createdAt()).contains(Instant.parse("2024-03-16T08:51:37.530358447Z"));
    assertThat(key.file()).contains(file);
    assertThat(key.privateKey().getEncoded()).isEqualTo(TestKeys.PAIR.getPrivate().getEncoded());
  }

  @Test
  void readsAKeyWithoutTheDoNotRemoveLineOrOptionalFields() {
    String json = "{\"id\":\"k1\",\"service_account_id\":\"sa1\",\"private_key\":\""
        + TestKeys.privatePem().replace("\n", "\\n") + "\"}";

    ServiceAccountKey key = ServiceAccountKey.fromJson(json);

    assertThat(key.id()).isEqualTo("k1");
    assertThat(key.keyAlgorithm()).isEmpty();
    assertThat(key.createdAt()).isEmpty();
    assertThat(key.file()).isEmpty();
    assertThat(key.privateKey().getEncoded()).isEqualTo(TestKeys.PAIR.getPrivate().getEncoded());
  }

  @Test
  void aKeyFileSavedWithAByteOrderMarkIsRead() {
    Path file = TestKeys.write(dir, "key.json", "\uFEFF" + TestKeys.keyFileJson());

    assertThat(ServiceAccountKey.fromFile(file).id()).isEqualTo(TestKeys.KEY_ID);
  }

  @Test
  void toStringNamesTheKeyButHoldsNoKeyMaterial() {
    ServiceAccountKey key = ServiceAccountKey.fromFile(TestKeys.write(dir, "key.json", TestKeys.keyFileJson()));

    assertThat(key.toString())
        .contains(TestKeys.KEY_ID, TestKeys.SERVICE_ACCOUNT_ID, "key.json")
        .doesNotContain("PRIVATE", TestKeys.privateKeyBase64().substring(100, 140));
  }

  static Stream<Arguments> brokenKeyFiles() {
    String pem = TestKeys.privatePem();
    String pub = TestKeys.publicPem();
    String body = TestKeys.privateKeyBase64();
    KeyPair ec = TestKeys.generate("EC", 256);
    KeyPair otherRsa = TestKeys.generate("RSA", 1024);
    return Stream.of(
        Arguments.of("missing id", TestKeys.keyFileJson(null, "sa", "RSA_2048", pub, pem),
            "has no \"id\" field"),
        Arguments.of("missing service_account_id", TestKeys.keyFileJson("k", null, "RSA_2048", pub, pem),
            "has no \"service_account_id\" field"),
        Arguments.of("missing private_key", TestKeys.keyFileJson("k", "sa", "RSA_2048", pub, null),
            "has no \"private_key\" field"),
        Arguments.of("blank id", TestKeys.keyFileJson(" ", "sa", "RSA_2048", pub, pem),
            "field \"id\" is blank"),
        Arguments.of("id not a string", "{\"id\":5,\"service_account_id\":\"sa\",\"private_key\":\"x\"}",
            "has field \"id\" that is not a string"),
        Arguments.of("not JSON", "id=k\nprivate_key=" + body, "is not valid JSON (syntax error at line 1"),
        Arguments.of("not an object", "[\"" + body + "\"]", "is not a JSON object"),
        Arguments.of("empty", "", "is empty"),
        Arguments.of("trailing content", TestKeys.keyFileJson() + "{}", "has more after the JSON object"),
        Arguments.of("no PEM block", TestKeys.keyFileJson("k", "sa", "RSA_2048", null, body),
            "private_key holds no PEM block"),
        Arguments.of("PKCS#1 PEM", TestKeys.keyFileJson("k", "sa", "RSA_2048", null,
            pem.replace("PRIVATE KEY", "RSA PRIVATE KEY")), "is a PKCS#1 key"),
        Arguments.of("encrypted PEM", TestKeys.keyFileJson("k", "sa", "RSA_2048", null,
            pem.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY")), "is encrypted"),
        Arguments.of("certificate", TestKeys.keyFileJson("k", "sa", "RSA_2048", null,
            pem.replace("PRIVATE KEY", "CERTIFICATE")), "is a PEM block of type \"CERTIFICATE\""),
        Arguments.of("cut short", TestKeys.keyFileJson("k", "sa", "RSA_2048", null,
            pem.substring(0, pem.length() / 2)), "has no -----END PRIVATE KEY----- line"),
        Arguments.of("not base64", TestKeys.keyFileJson("k", "sa", "RSA_2048", null,
            pem.replace(body.substring(64, 68), "!*!*")), "is not valid base64"),
        Arguments.of("damaged DER", TestKeys.keyFileJson("k", "sa", "RSA_2048", null,
            TestKeys.pem("PRIVATE KEY", Arrays.copyOf(TestKeys.PAIR.getPrivate().getEncoded(), 600))),
            "is not a valid PKCS#8 RSA private key"),
        Arguments.of("EC key", TestKeys.keyFileJson("k", "sa", null, null,
            TestKeys.pem("PRIVATE KEY", ec.getPrivate().getEncoded())), "is an EC key, not RSA"),
        Arguments.of("non-RSA algorithm", TestKeys.keyFileJson("k", "sa", "ED25519", null, pem),
            "key_algorithm is ED25519"),
        Arguments.of("mismatched public key", TestKeys.keyFileJson("k", "sa", "RSA_2048",
            TestKeys.pem("PUBLIC KEY", otherRsa.getPublic().getEncoded()), pem),
            "private_key does not belong to public_key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenKeyFiles")
  void aBrokenKeyFileIsRefusedWithAMessageNamingTheFileAndTheProblem(String name, String content, String problem) {
    Path file = TestKeys.write(dir, "broken.json", content);

    assertThatThrownBy(() -> ServiceAccountKey.fromFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service-account key file " + file)
        .hasMessageContaining(problem)
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(
            TestKeys.privateKeyBase64().substring(0, 40), TestKeys.privateKeyBase64().substring(200, 240)));
  }

  @Test
  void brokenJsonIsRefusedNamingTheJsonAsTheSource() {
    assertThatThrownBy(() -> ServiceAccountKey.fromJson("{\"id\":\"k\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("service-account key JSON has no \"service_account_id\" field");
  }

  @Test
  void aMissingFileIsRefusedNamingThePath() {
    Path missing = dir.resolve("nope.json");

    assertThatThrownBy(() -> ServiceAccountKey.fromFile(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("service-account key file " + missing + " does not exist: check the path");
  }

  @Test
  void aDirectoryIsRefusedNamingThePath() {
    assertThatThrownBy(() -> ServiceAccountKey.fromFile(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service-account key file " + dir + " is a directory");
  }

  @Test
  void aFileThatIsNotTextIsRefused() throws IOException {
    Path binary = TestKeys.write(dir, "key.der", "");
    Files.write(binary, Base64.getDecoder().decode("/w7/AP8A"));

    assertThatThrownBy(() -> ServiceAccountKey.fromFile(binary))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service-account key file " + binary + " is not UTF-8 text");
  }
}
