package io.github.yandexart.emulator.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.yandexart.emulator.TestServiceAccountKey;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  static TestServiceAccountKey key;
  static TestServiceAccountKey other;
  final ObjectMapper mapper = new ObjectMapper();

  @TempDir
  Path dir;

  @BeforeAll
  static void keys() {
    key = TestServiceAccountKey.generate();
    other = TestServiceAccountKey.generate();
  }

  ObjectNode file(TestServiceAccountKey k) throws Exception {
    return (ObjectNode) mapper.readTree(k.toJson());
  }

  TrustedKey parse(ObjectNode json) {
    return KeyFile.parse(json.toString(), "service-account key file key.json");
  }

  @Test
  void aWrittenKeyFileReadsBackAsItsIdsAndPublicKey() {
    TrustedKey read = KeyFile.read(key.writeTo(dir.resolve("key.json")));

    assertThat(read.keyId()).isEqualTo(key.keyId());
    assertThat(read.serviceAccountId()).isEqualTo(key.serviceAccountId());
    assertThat(read.publicKey().getModulus()).isEqualTo(key.publicKey().getModulus());
    assertThat(read.toString()).doesNotContain(key.publicKey().getModulus().toString().substring(0, 24));
  }

  @Test
  void withoutAPublicKeyThePrivateKeysPublicHalfIsTrusted() throws Exception {
    ObjectNode json = file(key);
    json.remove("public_key");

    assertThat(parse(json).publicKey().getModulus()).isEqualTo(key.publicKey().getModulus());
  }

  @Test
  void aFileMixingTwoKeysIsRefused() throws Exception {
    ObjectNode json = file(key);
    json.put("public_key", file(other).get("public_key").asText());

    assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key.json").hasMessageContaining("does not belong to public_key");
  }

  @Test
  void anEcPublicKeyIsRefusedBecausePs256NeedsRsa() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    ObjectNode json = file(key);
    json.remove("private_key");
    json.put("public_key", pem);

    assertThatThrownBy(() -> parse(json)).hasMessageContaining("RSA");
  }

  @Test
  void brokenFilesAreRefusedSayingWhatIsWrongWithoutQuotingThem() throws Exception {
    ObjectNode noKeys = file(key);
    noKeys.remove("public_key");
    noKeys.remove("private_key");
    ObjectNode pkcs1 = file(key);
    pkcs1.remove("public_key");
    pkcs1.put("private_key", "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----\n");
    ObjectNode damaged = file(key);
    damaged.remove("public_key");
    damaged.put("private_key", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0!!\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> parse(noKeys)).hasMessageContaining("neither \"public_key\" nor \"private_key\"");
    assertThatThrownBy(() -> parse(pkcs1)).hasMessageContaining("RSA PRIVATE KEY").hasMessageNotContaining("c2VjcmV0");
    assertThatThrownBy(() -> parse(damaged)).hasMessageContaining("base64").hasMessageNotContaining("c2VjcmV0");
    assertThatThrownBy(() -> KeyFile.parse("{\"private_key\": \"s3cret", "key file k.json"))
        .hasMessageContaining("k.json is not valid JSON").hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> KeyFile.read(dir.resolve("missing.json")))
        .hasMessageContaining("missing.json does not exist");
  }

  @Test
  void aKeyFileIsNeverOverwritten() {
    Path file = key.writeTo(dir.resolve("key.json"));

    assertThatThrownBy(() -> other.writeTo(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
    assertThat(KeyFile.read(file).keyId()).isEqualTo(key.keyId());
  }
}
