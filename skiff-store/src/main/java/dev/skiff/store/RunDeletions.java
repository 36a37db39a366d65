package dev.skiff.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The SQL behind deleting finished runs for {@link JdbiRunRepository}: which other runs reuse a
 * run's outputs through the cache, dropping a run's cache entries, and the guarded delete itself.
 */
final class RunDeletions {
  /** The states after which nothing changes; only runs in them are ever deleted. */
  private static final String FINISHED = "'SUCCEEDED', 'SKIPPED', 'FAILED', 'CANCELED'";

  /** Ids per {@code IN (...)} list: well within both databases' limits on bind parameters. */
  private static final int BATCH = 500;

  private final Jdbi jdbi;

  RunDeletions(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * For each run that computed outputs another run took from the cache, the ids of those other
   * runs: a cached task copies the outputs (artifact URIs included) of the task that first computed
   * its fingerprint in the same profile and pipeline. Matching by fingerprint rather than by the
   * current cache entry also finds reuses of an older source that a later one replaced.
   */
  Map<String, Set<String>> reusers(Collection<String> runIds) {
    Map<String, Set<String>> out = new TreeMap<>();
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(runIds));
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      jdbi.useHandle(
          h ->
              h.createQuery(
                      "SELECT DISTINCT s.run_id AS source, u.run_id AS reuser"
                          + " FROM task s"
                          + " JOIN run sr ON sr.id = s.run_id"
                          + " JOIN task u ON u.fingerprint = s.fingerprint AND u.cached"
                          + " AND u.run_id <> s.run_id"
                          + " JOIN run ur ON ur.id = u.run_id AND ur.profile = sr.profile"
                          + " AND ur.pipeline_name = sr.pipeline_name"
                          + " WHERE s.run_id IN (<ids>) AND s.fingerprint IS NOT NULL"
                          + " AND NOT s.cached AND s.state = 'SUCCEEDED'")
                  .bindList("ids", batch)
                  .map((rs, ctx) -> Map.entry(rs.getString("source"), rs.getString("reuser")))
                  .forEach(
                      e ->
                          out.computeIfAbsent(e.getKey(), k -> new java.util.TreeSet<>())
                              .add(e.getValue())));
    }
    return out;
  }

  /** Deletes the cache entries that point at the run's tasks. */
  int forgetCache(String runId) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM cache_entry WHERE run_id = :id")
                .bind("id", runId)
                .execute());
  }

  /** Deletes a finished run with its rows; false when it does not exist or has not finished. */
  boolean deleteFinished(String runId) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "DELETE FROM task_attempt WHERE run_id = :id AND run_id IN"
                      + " (SELECT id FROM run WHERE id = :id AND state IN ("
                      + FINISHED
                      + "))")
              .bind("id", runId)
              .execute();
          h.createUpdate(
                  "DELETE FROM task WHERE run_id = :id AND run_id IN"
                      + " (SELECT id FROM run WHERE id = :id AND state IN ("
                      + FINISHED
                      + "))")
              .bind("id", runId)
              .execute();
          int deleted =
              h.createUpdate("DELETE FROM run WHERE id = :id AND state IN (" + FINISHED + ")")
                  .bind("id", runId)
                  .execute();
          if (deleted == 0) {
            h.rollback(); // unknown, or it started again in between: keep every row
          }
          return deleted > 0;
        });
  }
}
