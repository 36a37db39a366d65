package dev.skiff.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What retention reads and writes: finished runs by age and by rank within their pipeline, which of
 * them still have their step logs, and the per-profile overrides of the server-wide settings.
 *
 * <p>Only finished runs (SUCCEEDED, SKIPPED, FAILED, CANCELED) are ever listed: a run in progress
 * is never a candidate. Lists are oldest first and bounded by {@code limit}, so one pass holds a
 * bounded number of runs however many are stored. Every method fails with a {@link StoreException}
 * when the database does.
 */
public interface RetentionRepository {

  /** The profiles that have runs, {@code ""} among them when runs outside any profile exist. */
  List<String> runProfiles();

  /**
   * Finished runs of a profile that finished before {@code cutoff}, oldest first.
   *
   * @param limit at most this many
   */
  List<FinishedRun> finishedBefore(String profile, Instant cutoff, int limit);

  /**
   * Finished runs of a profile that are not among the newest {@code keep} finished runs (by
   * submission) of their pipeline, oldest first.
   *
   * @param keep how many runs of each pipeline stay, 1 or more
   * @param limit at most this many
   */
  List<FinishedRun> beyondNewest(String profile, int keep, int limit);

  /**
   * Finished runs of a profile that finished before {@code cutoff} and whose logs have not been
   * deleted yet ({@link #markLogsDeleted}), oldest first.
   *
   * @param limit at most this many
   */
  List<FinishedRun> logsBefore(String profile, Instant cutoff, int limit);

  /** Records that the executor's files of a finished run (its step logs) are gone. */
  void markLogsDeleted(String runId, Instant at);

  /** The override of a profile, if it has one. */
  Optional<ProfileRetention> find(String profile);

  /** Every profile's override, by profile name. */
  List<ProfileRetention> list();

  /**
   * Stores a profile's override, replacing the one it had.
   *
   * @return false when there is no such profile (nothing is stored)
   */
  boolean put(ProfileRetention retention);

  /**
   * Removes a profile's override: the profile follows the server-wide settings again.
   *
   * @return false when it had none
   */
  boolean remove(String profile);
}
