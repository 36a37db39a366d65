package dev.skiff.engine.retention;

import dev.skiff.engine.retention.SweepReport.DeletedLogs;
import dev.skiff.engine.retention.SweepReport.DeletedRun;
import dev.skiff.engine.retention.SweepReport.Reason;
import dev.skiff.store.FinishedRun;
import dev.skiff.store.ProfileRetention;
import dev.skiff.store.RetentionRepository;
import dev.skiff.store.RunRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One retention pass: finds the finished runs and step logs that the rules let go, and deletes them
 * (or, for a dry run, only measures them). The server runs it periodically ({@link
 * RetentionSchedule}); {@code skiff gc} runs it on demand.
 *
 * <p>The rules are the server-wide {@link RetentionPolicy} with each profile's override applied
 * ({@link RetentionRepository#list()}). Only finished runs are considered. A run the rules let go
 * stays, whole, while a run that stays reuses its outputs through the cache: that run's cached
 * tasks name this run's artifacts, and the cache entry that led to them is what keeps the step from
 * running again. Once every run that reused it goes too, the entry goes with its run. Keeping the
 * whole run (not only its artifacts) keeps the task rows that cache entries point at, and shows
 * where the reused outputs came from.
 *
 * <p>One pass handles at most {@value #PASS_LIMIT} runs and as many logs, oldest first, so its
 * memory is bounded; {@link SweepReport#more()} says when another pass has more to do.
 */
public final class RetentionSweeper {
  /** The most runs, and the most logs, one pass deletes. */
  public static final int PASS_LIMIT = 10_000;

  private final RetentionPolicy serverWide;
  private final RetentionRepository retention;
  private final RunRepository runs;
  private final RunRemover remover;
  private final Clock clock;

  /**
   * A sweeper for the given server-wide policy.
   *
   * @param serverWide what applies to a profile without an override, and to runs in no profile
   * @param retention finished runs and per-profile overrides
   * @param runs the runs, for the cache reuse check
   * @param remover deletes runs and step logs
   * @param clock tells the age of runs
   */
  public RetentionSweeper(
      RetentionPolicy serverWide,
      RetentionRepository retention,
      RunRepository runs,
      RunRemover remover,
      Clock clock) {
    this.serverWide = Objects.requireNonNull(serverWide, "serverWide");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.runs = Objects.requireNonNull(runs, "runs");
    this.remover = Objects.requireNonNull(remover, "remover");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The server-wide policy. */
  public RetentionPolicy serverWide() {
    return serverWide;
  }

  /** The policy that applies to a profile's runs now: the server-wide one with its override. */
  public RetentionPolicy policyOf(String profile) {
    return serverWide.with(retention.find(profile).orElse(null));
  }

  /** One pass to its end; see {@link #sweep(boolean, BooleanSupplier)}. */
  public SweepReport sweep(boolean dryRun) {
    return sweep(dryRun, () -> false);
  }

  /**
   * One pass.
   *
   * @param dryRun measure what would go and change nothing
   * @param stop asked before each deletion; true ends the pass early (the server is stopping)
   * @throws dev.skiff.store.StoreException when the database fails
   */
  public SweepReport sweep(boolean dryRun, BooleanSupplier stop) {
    Instant now = clock.instant();
    Map<String, ProfileRetention> overrides =
        retention.list().stream()
            .collect(Collectors.toMap(ProfileRetention::profile, Function.identity()));
    Map<String, Candidate> going = new LinkedHashMap<>();
    Map<String, FinishedRun> logsGoing = new LinkedHashMap<>();
    boolean more = false;
    for (String profile : retention.runProfiles()) {
      RetentionPolicy policy = serverWide.with(overrides.get(profile));
      if (policy.runDays() > 0) {
        int room = room(going);
        more |=
            add(
                going,
                room,
                Reason.AGE,
                () -> retention.finishedBefore(profile, daysAgo(now, policy.runDays()), room));
      }
      if (policy.runsPerPipeline() > 0) {
        int room = room(going);
        more |=
            add(
                going,
                room,
                Reason.COUNT,
                () -> retention.beyondNewest(profile, policy.runsPerPipeline(), room));
      }
      if (policy.logDays() > 0) {
        int room = PASS_LIMIT - logsGoing.size();
        List<FinishedRun> found =
            room == 0
                ? List.of()
                : retention.logsBefore(profile, daysAgo(now, policy.logDays()), room);
        found.forEach(r -> logsGoing.putIfAbsent(r.id(), r));
        more |= room == 0 || found.size() == room;
      }
    }
    List<FinishedRun> kept = keepReused(going);
    going.keySet().forEach(logsGoing::remove); // they go whole
    List<String> failures = new ArrayList<>();
    List<DeletedRun> deleted = new ArrayList<>();
    Set<String> goingIds = Set.copyOf(going.keySet());
    for (Candidate c : going.values()) {
      if (stop.getAsBoolean()) {
        return new SweepReport(dryRun, deleted, List.of(), kept, failures, true);
      }
      String id = c.run().id();
      try {
        Optional<RunFootprint> footprint =
            dryRun ? Optional.of(remover.measure(id)) : remover.remove(id, goingIds);
        footprint.ifPresent(f -> deleted.add(new DeletedRun(c.run(), c.reason(), f)));
      } catch (RunNotDeletableException e) {
        kept.add(c.run()); // a new run reused it meanwhile, or it started again
      } catch (IOException | RuntimeException e) {
        failures.add("run " + id + ": " + oneLine(e));
      }
    }
    List<DeletedLogs> logs = new ArrayList<>();
    for (FinishedRun r : logsGoing.values()) {
      if (stop.getAsBoolean()) {
        return new SweepReport(dryRun, deleted, logs, kept, failures, true);
      }
      try {
        long bytes = dryRun ? remover.logBytes(r.id()) : remover.deleteLogs(r.id());
        if (!dryRun) {
          retention.markLogsDeleted(r.id(), now);
        }
        logs.add(new DeletedLogs(r, bytes));
      } catch (IOException | RuntimeException e) {
        failures.add("logs of run " + r.id() + ": " + oneLine(e));
      }
    }
    return new SweepReport(dryRun, deleted, logs, kept, failures, more);
  }

  /** A run the rules let go, and the first rule that did. */
  private record Candidate(FinishedRun run, Reason reason) {}

  private static int room(Map<String, Candidate> going) {
    return PASS_LIMIT - going.size();
  }

  /**
   * Adds the runs a rule finds that are not going yet.
   *
   * @return true when the rule filled the room left (there may be more)
   */
  private static boolean add(
      Map<String, Candidate> going,
      int room,
      Reason reason,
      java.util.function.Supplier<List<FinishedRun>> rule) {
    if (room <= 0) {
      return true;
    }
    List<FinishedRun> found = rule.get();
    for (FinishedRun r : found) {
      going.putIfAbsent(r.id(), new Candidate(r, reason));
    }
    return found.size() >= room;
  }

  /**
   * Takes out of {@code going} every run whose outputs a run that stays reuses through the cache,
   * until no run that stays depends on one that goes.
   *
   * @return the runs kept that way
   */
  private List<FinishedRun> keepReused(Map<String, Candidate> going) {
    if (going.isEmpty()) {
      return new ArrayList<>();
    }
    Map<String, Set<String>> reusers = runs.reusers(going.keySet());
    Set<String> goingIds = new HashSet<>(going.keySet());
    List<FinishedRun> kept = new ArrayList<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, Set<String>> e : reusers.entrySet()) {
        if (goingIds.contains(e.getKey()) && !goingIds.containsAll(e.getValue())) {
          goingIds.remove(e.getKey());
          kept.add(going.remove(e.getKey()).run());
          changed = true;
        }
      }
    }
    return kept;
  }

  private static Instant daysAgo(Instant now, int days) {
    return now.minus(Duration.ofDays(days));
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage();
    return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m)
        .strip()
        .replaceAll("\\s*\\R\\s*", " ");
  }
}
