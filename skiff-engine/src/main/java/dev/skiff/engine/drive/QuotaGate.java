package dev.skiff.engine.drive;

import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.quota.QuotaLedger;
import dev.skiff.engine.quota.StepDemand;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One run's side of the engine's {@link QuotaLedger}: which of the run's attempts wait for their
 * profile's quota, and which were admitted but not yet handed to the executor. Used on the run's
 * driver thread only, except {@link #ended}, which any thread may call. When the driver stops,
 * {@link #close} gives back what the run holds, so that a stopped run never blocks its profile.
 */
final class QuotaGate {
  private final QuotaLedger ledger;
  private final String profile;
  private final Consumer<StepId> wake;
  private final Set<StepId> waiting = new LinkedHashSet<>();
  private final Set<StepId> admitted = new HashSet<>();

  /**
   * A gate for one run.
   *
   * @param ledger the engine's ledger
   * @param profile the run's profile
   * @param wake posts "ask again for this attempt" to the run's driver
   */
  QuotaGate(QuotaLedger ledger, String profile, Consumer<StepId> wake) {
    this.ledger = ledger;
    this.profile = profile;
    this.wake = wake;
  }

  /** Asks to hand an attempt to the executor (again, after a wake). */
  QuotaLedger.Admission offer(StepLaunch launch) {
    StepId id = launch.id();
    QuotaLedger.Admission a =
        ledger.acquire(profile, id, StepDemand.of(launch.resources()), () -> wake.accept(id));
    switch (a) {
      case QuotaLedger.Admission.Admitted ok -> {
        waiting.remove(id);
        admitted.add(id);
      }
      case QuotaLedger.Admission.Waiting w -> waiting.add(id);
      case QuotaLedger.Admission.Refused r -> waiting.remove(id);
    }
    return a;
  }

  /** Whether this attempt waits for the quota. */
  boolean isWaiting(StepId id) {
    return waiting.contains(id);
  }

  /**
   * Stops an attempt from waiting (it was canceled, or is no longer live).
   *
   * @return whether it was waiting
   */
  boolean withdraw(StepId id) {
    if (!waiting.remove(id)) {
      return false;
    }
    ledger.withdraw(id);
    return true;
  }

  /** An admitted attempt goes to the executor: {@link #ended} releases it from now on. */
  void handedOver(StepId id) {
    admitted.remove(id);
  }

  /** An attempt that runs already (reclaimed after a restart) is counted, quota or not. */
  void reclaimed(StepLaunch launch) {
    ledger.charge(profile, launch.id(), StepDemand.of(launch.resources()));
  }

  /** An attempt the executor had came back: its profile's usage drops. Any thread. */
  void ended(StepId id) {
    ledger.release(id);
  }

  /** The driver stops: its waiting attempts stop waiting, admitted ones that never went out end. */
  void close() {
    for (StepId id : List.copyOf(waiting)) {
      ledger.withdraw(id);
    }
    waiting.clear();
    for (StepId id : List.copyOf(admitted)) {
      ledger.release(id);
    }
    admitted.clear();
  }
}
