package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogSettings;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.executor.local.ProcessGroups;
import dev.skiff.engine.notebook.NotebookCredentials;
import dev.skiff.engine.notebook.NotebookService;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.notebook.NotebookSpec;
import dev.skiff.engine.notebook.NotebookStatus;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The construction path the server uses: {@code Engine.notebooks(...)} over the engine's executor
 * and quota ledger, and the profile catalog's deletion stopping the profile's servers.
 */
class EngineNotebooksIT {
  @TempDir Path home;

  @Test
  void the_engine_runs_notebooks_and_deleting_the_profile_stops_them() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles())) {
      db.profiles().createIfAbsent(new Profile("team-a", "ada", "", Instant.now()));
      NotebookService notebooks =
          engine.notebooks(NotebookSettings.defaults(), db.notebooks(), NotebookCredentials.NONE);
      assertThat(
              engine.notebooks(
                  NotebookSettings.defaults(), db.notebooks(), NotebookCredentials.NONE))
          .isSameAs(notebooks);
      var env = notebooks.environments().get(0);
      Assumptions.assumeTrue(
          env.unavailable().isEmpty(), "no Jupyter server here: " + env.unavailable().orElse(""));
      Catalog catalog = Catalog.open(db, engine.runs(), CatalogSettings.DEFAULTS);
      catalog.profiles().whenDeleting(notebooks::removeProfile);

      Requester ada = new Requester("ada", "team-a");
      notebooks.create(
          ada, "team-a", new NotebookSpec("nb", "", 0.25, 256L << 20, null, null, null, null));
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (notebooks.get(ada, "team-a", "nb").status() != NotebookStatus.RUNNING
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(notebooks.get(ada, "team-a", "nb").status()).isEqualTo(NotebookStatus.RUNNING);
      assertThat(catalog.profiles().usage(ada, "team-a").usage().notebooks()).isEqualTo(1);
      assertThat(catalog.profiles().usage(ada, "team-a").usage().cpuMillis()).isEqualTo(250);
      Matcher m =
          Pattern.compile("\"pid\":(\\d+)")
              .matcher(db.notebooks().find("team-a", "nb").orElseThrow().handle());
      assertThat(m.find()).isTrue();
      long pid = Long.parseLong(m.group(1));
      assertThat(ProcessGroups.members(pid)).isNotEmpty();

      catalog.profiles().delete(ada, "team-a");
      assertThat(ProcessGroups.members(pid)).isEmpty();
      assertThat(db.notebooks().all()).isEmpty();
      assertThat(Files.exists(home.resolve("workspaces/team-a"))).isFalse();
      assertThat(catalog.profiles().list(Requester.local("root", "")))
          .extracting(ProfileCatalog.ProfileView::profile)
          .extracting(Profile::name)
          .doesNotContain("team-a");
    }
  }
}
