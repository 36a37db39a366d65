package dev.skiff.store.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.Database;
import dev.skiff.store.Profile;
import dev.skiff.store.ProfileContents;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link NotebookRepository}, once per vendor: stored and read back field by field,
 * optimistic updates, events capped per notebook, and rows gone with their profile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractNotebookRepositoryIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private Database database;
  private NotebookRepository repo;

  /** Opens the database of the test. */
  protected abstract Database openDatabase();

  @BeforeAll
  void open() {
    database = openDatabase();
    repo = database.notebooks();
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
              h.execute("DELETE FROM notebook_event");
              h.execute("DELETE FROM notebook");
            });
    database.profiles().createIfAbsent(new Profile("team-a", "ada", "", NOW));
    database.profiles().createIfAbsent(new Profile("team-b", "bob", "", NOW));
  }

  private static StoredNotebook notebook(String profile, String name) {
    return new StoredNotebook(
        profile,
        name,
        "python3",
        "notebook",
        500,
        1L << 30,
        "nvidia.com/gpu",
        1,
        "{\"env\":{\"A\":\"1\"}}",
        "RUNNING",
        "PENDING",
        "",
        null,
        "",
        "",
        "ada",
        NOW,
        NOW,
        null,
        0);
  }

  @Test
  void a_notebook_reads_back_field_by_field() {
    StoredNotebook n = notebook("team-a", "nb1");
    repo.create(n);
    assertThat(repo.find("team-a", "nb1")).contains(n);
    assertThat(repo.find("team-b", "nb1")).isEmpty();
    assertThat(repo.list("team-a")).containsExactly(n);
    assertThat(repo.profileExists("team-a")).isTrue();
    assertThat(repo.profileExists("nope")).isFalse();
  }

  @Test
  void a_taken_name_is_refused_but_another_profile_may_use_it() {
    repo.create(notebook("team-a", "nb1"));
    assertThatThrownBy(() -> repo.create(notebook("team-a", "nb1")))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("nb1");
    repo.create(notebook("team-b", "nb1"));
    assertThat(repo.all()).extracting(StoredNotebook::profile).containsExactly("team-a", "team-b");
  }

  @Test
  void an_update_wins_only_over_the_version_it_read() {
    StoredNotebook n = notebook("team-a", "nb1");
    repo.create(n);
    StoredNotebook running =
        n.withStatus("RUNNING", "", NOW.plusSeconds(3))
            .withServer("{\"pid\":42}", "0", "not enforced: test")
            .withLastActivity(NOW.plusSeconds(4));
    StoredNotebook written = repo.update(running).orElseThrow();
    assertThat(written.version()).isEqualTo(1);
    assertThat(repo.find("team-a", "nb1")).contains(written);
    assertThat(repo.update(n.withDesired("STOPPED"))).as("a stale version").isEmpty();
    assertThat(repo.find("team-a", "nb1").orElseThrow().desired()).isEqualTo("RUNNING");
  }

  @Test
  void events_are_kept_oldest_first_and_capped() {
    repo.create(notebook("team-a", "nb1"));
    int total = NotebookRepository.MAX_EVENTS + 5;
    for (int i = 0; i < total; i++) {
      repo.appendEvent(
          "team-a",
          "nb1",
          new StoredNotebookEvent(NOW.plusSeconds(i), "Normal", "Test", "event " + i));
    }
    var events = repo.events("team-a", "nb1");
    assertThat(events).hasSize(NotebookRepository.MAX_EVENTS);
    assertThat(events.get(0).message()).isEqualTo("event 5");
    assertThat(events.get(events.size() - 1).message()).isEqualTo("event " + (total - 1));
    repo.appendEvent("team-a", "gone", new StoredNotebookEvent(NOW, "Normal", "X", "ignored"));
    assertThat(repo.events("team-a", "gone")).isEmpty();
  }

  @Test
  void delete_takes_the_events_and_profile_deletion_takes_the_notebooks() {
    repo.create(notebook("team-a", "nb1"));
    repo.appendEvent("team-a", "nb1", new StoredNotebookEvent(NOW, "Normal", "Created", "x"));
    assertThat(repo.delete("team-a", "nb1")).isTrue();
    assertThat(repo.delete("team-a", "nb1")).isFalse();
    assertThat(repo.events("team-a", "nb1")).isEmpty();

    database.profiles().createIfAbsent(new Profile("team-c", "cy", "", NOW));
    repo.create(notebook("team-c", "nb2"));
    repo.appendEvent("team-c", "nb2", new StoredNotebookEvent(NOW, "Normal", "Created", "x"));
    assertThat(new ProfileContents(database.jdbi()).deleteProfile("team-c")).isTrue();
    assertThat(repo.list("team-c")).isEmpty();
    assertThat(repo.events("team-c", "nb2")).isEmpty();
  }
}
