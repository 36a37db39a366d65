package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skiff.store.CatalogFields;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Fields;
import dev.skiff.store.query.InvalidQueryException;
import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.ListSql;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzing of a list's {@code sort_by} and {@code filter}: whatever a client sends, {@link
 * ListFilters#parse} and the SQL built from it for each collection (as the store builds it, every
 * value bound) either succeed or fail with {@link ApiRequestException} or {@link
 * InvalidQueryException} (both a 400), with a one-line message; and nothing hangs.
 *
 * <p>An input is {@code sort_by}, a newline, then the filter JSON. {@link
 * #filters_read_or_fail_cleanly} runs in regression mode in every build over the seeds under {@code
 * ListFiltersFuzzTestInputs/}; to fuzz, run {@code JAZZER_FUZZ=1 ./mvnw -pl skiff-api test
 * -Dtest=ListFiltersFuzzTest -Djazzer.hooks=true}.
 */
class ListFiltersFuzzTest {
  private static final Duration HANG = Duration.ofSeconds(30);

  /** Each collection with its table and the scope the store gives it. */
  private record Collection(String table, Fields fields, Scope scope) {}

  private static final List<Collection> COLLECTIONS =
      List.of(
          new Collection("run", CatalogFields.RUNS, Scope.where("profile", "p")),
          new Collection("experiment", CatalogFields.EXPERIMENTS, Scope.where("profile", "p")),
          new Collection(
              "pipeline", CatalogFields.PIPELINES, Scope.anyOf("profile", List.of("p", ""))),
          new Collection(
              "pipeline_version",
              CatalogFields.PIPELINE_VERSIONS,
              Scope.where("pipeline_id", "x")));

  /** Filters as clients send them (the README's, {@code kfp.Client}'s), for the factory below. */
  private static final List<String> SEEDS =
      List.of(
          "created_at desc\n{\"predicates\": [{\"key\": \"state\", \"operation\": \"EQUALS\","
              + " \"string_value\": \"FAILED\"}]}",
          "\n{\"predicates\":[{\"operation\":1,\"key\":\"display_name\",\"stringValue\":\"Default\"}]}",
          "name\n{\"predicates\":[{\"operation\":\"GREATER_THAN\",\"key\":\"created_at\","
              + "\"timestamp_value\":\"2026-01-02T03:04:05Z\"},{\"operation\":8,\"key\":\"state\","
              + "\"string_values\":{\"values\":[\"FAILED\",\"CANCELED\"]}},{\"operation\":\"IN\","
              + "\"key\":\"created_at\",\"intValues\":{\"values\":[1,2]}},{\"operation\":9,"
              + "\"key\":\"display_name\",\"string_value\":\"nightly\"},{\"operation\":7,"
              + "\"key\":\"finished_at\",\"long_value\":\"1767225600\"}]}");

  @FuzzTest(maxDuration = "10m")
  void filters_read_or_fail_cleanly(byte[] data) {
    readOrFailCleanly(new String(data, StandardCharsets.UTF_8));
  }

  @TestFactory
  Stream<DynamicTest> seeds_and_mutations_read_or_fail_cleanly() {
    return SEEDS.stream()
        .map(
            seed ->
                DynamicTest.dynamicTest(
                    seed.substring(0, Math.min(60, seed.length())),
                    () -> {
                      assertThat(readOrFailCleanly(seed)).as("the seed is valid").isTrue();
                      for (String variant : Mutations.of(seed, seed.hashCode(), 400)) {
                        assertTimeoutPreemptively(HANG, () -> readOrFailCleanly(variant));
                      }
                    }));
  }

  /** The property; true when the filter was accepted by at least one collection. */
  private static boolean readOrFailCleanly(String input) {
    int newline = input.indexOf('\n');
    String sortBy = newline < 0 ? "" : input.substring(0, newline);
    String filter = newline < 0 ? input : input.substring(newline + 1);
    List<Condition> conditions;
    try {
      conditions = ListFilters.parse(filter);
    } catch (ApiRequestException e) {
      ApiBodiesFuzzTest.assertOneLine(e.getMessage());
      return false;
    }
    boolean accepted = false;
    for (Collection c : COLLECTIONS) {
      try {
        Sort sort = Sort.parse(sortBy, new Sort("created_at", false));
        ListSql sql =
            new ListSql(
                c.table(), "id", c.fields(), c.scope(), new ListQuery(conditions, sort, 20, null));
        assertThat(sql.page().sql()).startsWith("SELECT");
        assertThat(sql.count().sql()).startsWith("SELECT");
        accepted = true;
      } catch (InvalidQueryException e) {
        ApiBodiesFuzzTest.assertOneLine(e.getMessage());
      }
    }
    return accepted;
  }
}
