package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The contract of {@link PipelineRepository} and {@link SettingRepository}, once per vendor. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractPipelineRepositoryIT {
  private Database database;
  private PipelineRepository repo;

  protected abstract Database openDatabase();

  @BeforeAll
  void open() {
    database = openDatabase();
    repo = database.pipelines();
  }

  @AfterAll
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void empty() {
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute("DELETE FROM pipeline_version");
              h.execute("DELETE FROM pipeline");
              h.execute("DELETE FROM setting");
              h.execute("DELETE FROM profile");
            });
    database.profiles().create(Profile.of("team-a", "ada@example.com", ""));
    database.profiles().create(Profile.of("team-b", "bob@example.com", ""));
  }

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private static StoredPipeline pipeline(String profile, String name) {
    return new StoredPipeline(
        UUID.randomUUID().toString(), profile, name, name, "about " + name, NOW);
  }

  private static StoredPipelineVersion version(StoredPipeline p, String spec) {
    return new StoredPipelineVersion(UUID.randomUUID().toString(), p.id(), "v1", "", spec, NOW);
  }

  @Test
  void a_pipeline_and_its_first_version_are_stored_together() {
    StoredPipeline p = pipeline("team-a", "hello");
    String spec = "pipelineInfo:\n  name: hello\n" + "# ünïcødé and a long line ".repeat(500);
    repo.create(p, version(p, spec));

    assertThat(repo.find(p.id())).contains(p);
    assertThat(repo.findByName("team-a", "hello")).contains(p);
    assertThat(repo.findByName("team-b", "hello")).isEmpty();
    assertThat(repo.versions(p.id()))
        .singleElement()
        .satisfies(v -> assertThat(v.spec()).isEqualTo(spec));
  }

  @Test
  void names_are_unique_per_profile_and_a_duplicate_changes_nothing() {
    StoredPipeline first = pipeline("team-a", "train");
    repo.create(first, version(first, "a"));
    StoredPipeline again = pipeline("team-a", "train");
    assertThatThrownBy(() -> repo.create(again, version(again, "b")))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("train");
    assertThat(repo.list("team-a")).containsExactly(first);
    assertThat(repo.versions(again.id())).isEmpty();

    StoredPipeline other = pipeline("team-b", "train");
    repo.create(other, version(other, "c"));
    assertThat(repo.list("team-b")).containsExactly(other);
  }

  @Test
  void deleting_a_profile_deletes_its_pipelines() {
    StoredPipeline p = pipeline("team-b", "x");
    repo.create(p, version(p, "x"));
    database.profiles().delete("team-b");
    assertThat(repo.find(p.id())).isEmpty();
    assertThat(repo.versions(p.id())).isEmpty();
  }

  @Test
  void settings_are_set_once() {
    SettingRepository settings = database.settings();
    assertThat(settings.get("examples.loaded")).isEmpty();
    assertThat(settings.putIfAbsent("examples.loaded", "1")).isTrue();
    assertThat(settings.putIfAbsent("examples.loaded", "2")).isFalse();
    assertThat(settings.get("examples.loaded")).contains("1");
  }
}
