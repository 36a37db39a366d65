package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.query.Condition;
import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.ListSql;
import dev.skiff.store.query.Op;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing in SQL on an H2 file database, and the index ranges H2 plans for the usual lists. */
class H2CatalogListIT extends AbstractCatalogListIT {

  // Static: JUnit fills instance @TempDir fields per test method, after @BeforeAll has run.
  @TempDir static Path home;

  private static final ListQuery SUCCEEDED_NEWEST_FIRST =
      new ListQuery(
          List.of(Condition.of("state", Op.EQUALS, "SUCCEEDED")),
          new Sort("created_at", true),
          50,
          null);

  @Override
  protected Database openDatabase() {
    return Database.open(DatabaseConfig.h2File(home));
  }

  /**
   * An experiment's runs in one state: the page and its count are one range of (experiment_id,
   * state), not every run of the experiment read from the table to test its state (issue 10's B5:
   * thousands of table pages decoded per request).
   */
  @Test
  void an_experiments_runs_in_one_state_are_one_index_range() {
    ListSql sql =
        new ListSql(
            "run",
            "id",
            CatalogFields.RUNS,
            Scope.where("experiment_id", "e1"),
            SUCCEEDED_NEWEST_FIRST);
    assertThat(plan(sql.count()))
        .contains("run_experiment_state_ix: experiment_id = ?1\n        AND state = ?2");
    assertThat(plan(sql.page()))
        .contains("run_experiment_state_ix: experiment_id = ?")
        .contains("index sorted");
  }

  /**
   * The count over several visible profiles ranges over (profile, state) once per profile: with
   * {@code profile IN (...)} H2 ranged over the profiles alone and tested every run's state.
   */
  @Test
  void the_count_over_visible_profiles_ranges_over_profile_and_state() {
    ListSql sql =
        new ListSql(
            "run",
            "id",
            CatalogFields.RUNS,
            Scope.anyOf("profile", List.of("team-a", "")),
            SUCCEEDED_NEWEST_FIRST);
    String plan = plan(sql.count());
    assertThat(plan).doesNotContain(" IN(");
    assertThat(plan.split("run_profile_state_ix: profile = \\?\\d+\\s+AND state = \\?", -1))
        .hasSize(3);
  }

  private String plan(ListSql.Statement statement) {
    return database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("EXPLAIN " + statement.sql())
                    .bindMap(statement.binds())
                    .mapTo(String.class)
                    .one());
  }
}
