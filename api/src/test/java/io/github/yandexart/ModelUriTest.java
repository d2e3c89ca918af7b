package io.github.yandexart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelUriTest {

  @Test
  void ofFolderBuildsTheLatestYandexArtUri() {
    ModelUri uri = ModelUri.of("b1gexample");
    assertThat(uri.value()).isEqualTo("art://b1gexample/yandex-art/latest");
    assertThat(uri.folderId()).isEqualTo("b1gexample");
    assertThat(uri).hasToString("art://b1gexample/yandex-art/latest");
  }

  @Test
  void ofRefusesSomethingThatIsNotAFolderId() {
    for (String bad : new String[] {"", " ", "b1g/x", "b1g x"}) {
      assertThatThrownBy(() -> ModelUri.of(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("folder id \"" + bad + "\" is not a Yandex Cloud folder id");
    }
  }

  @Test
  void parseKeepsTheUriAndFindsTheFolder() {
    ModelUri uri = ModelUri.parse("art://b1gexample/yandex-art");
    assertThat(uri.value()).isEqualTo("art://b1gexample/yandex-art");
    assertThat(uri.folderId()).isEqualTo("b1gexample");
    assertThat(ModelUri.parse(" art://b1gexample/yandex-art/latest ")).isEqualTo(ModelUri.of("b1gexample"));
  }

  @Test
  void parseRefusesAUriWithAnEmptyFolder() {
    assertThatThrownBy(() -> ModelUri.parse("art:///yandex-art/latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model URI \"art:///yandex-art/latest\" has no folder id:"
            + " write art://<folder id>/yandex-art/latest");
  }

  @Test
  void parseRefusesAUriThatLeftTheFolderOut() {
    assertThatThrownBy(() -> ModelUri.parse("art://yandex-art/latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no folder id");
  }

  @Test
  void parseRefusesSomethingThatIsNotAModelUri() {
    for (String bad : new String[] {"yandex-art/latest", "art://b1g", "art://b1g/a/b/c", ""}) {
      assertThatThrownBy(() -> ModelUri.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("model URI \"" + bad + "\" is not of the form art://<folder id>/yandex-art/latest");
    }
  }

  @Test
  void equalUrisHaveEqualHashCodes() {
    assertThat(ModelUri.of("b1g")).isEqualTo(ModelUri.parse("art://b1g/yandex-art/latest"))
        .hasSameHashCodeAs(ModelUri.parse("art://b1g/yandex-art/latest"));
    assertThat(ModelUri.of("b1g")).isNotEqualTo(ModelUri.of("b1h"));
  }
}
