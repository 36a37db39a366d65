package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotFoundResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotebookPathTest {

  @Test
  void reads_profile_name_and_the_rest_as_sent() {
    NotebookPath p = NotebookPath.parse("/notebook/team-a/nb1/api/contents/a%20b.txt");
    assertThat(p.profile()).isEqualTo("team-a");
    assertThat(p.name()).isEqualTo("nb1");
    assertThat(p.rest()).isEqualTo("api/contents/a%20b.txt");
    assertThat(p.base()).isEqualTo("/notebook/team-a/nb1/");
    assertThat(NotebookPath.parse("/notebook/team-a/nb1/").rest()).isEmpty();
    assertThat(NotebookPath.parse("/notebook/team-a/nb1").rest()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/notebook/other/../mine/",
        "/notebook/other/../mine/nb/api/status",
        "/notebook/mine/nb/../../other/nb/api/status",
        "/notebook/mine/nb/%2e%2e/%2E%2E/other/nb/",
        "/notebook/mine/nb/.%2e/x",
        "/notebook/mine/nb/./api",
        "/notebook/mine%2Fnb/api/status",
        "/notebook/mine/nb/..%2f..%2fother/nb/",
        "/notebook/mine/nb/a%5c..%5cb",
        "/notebook/mine/nb/a\\..\\b",
      })
  void refuses_paths_that_could_name_another_notebook(String raw) {
    assertThatThrownBy(() -> NotebookPath.parse(raw)).isInstanceOf(BadRequestResponse.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/notebook/",
        "/notebook/mine",
        "/notebook/mine/",
        "/notebook//nb/",
        "/notebook/Mine/nb/",
        "/notebook/mine/NB/",
        "/notebook/mine/1nb/",
        "/notebook/mine;x=1/nb/",
        "/notebook/mine/nb%20x/",
        "/notebookx/mine/nb/",
      })
  void a_path_without_a_valid_profile_and_name_is_not_found(String raw) {
    assertThatThrownBy(() -> NotebookPath.parse(raw)).isInstanceOf(NotFoundResponse.class);
  }
}
