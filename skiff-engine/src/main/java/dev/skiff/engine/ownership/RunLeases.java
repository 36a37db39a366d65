package dev.skiff.engine.ownership;

import dev.skiff.store.Lease;
import dev.skiff.store.RunOwner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * This process's leases: its identity, how long a lease lasts, and the rule for taking a run over.
 *
 * @param me this process
 * @param ttl how long a lease lasts without renewal
 * @param clock the time source
 */
public record RunLeases(EngineIdentity me, Duration ttl, Clock clock) {
  public RunLeases {
    Objects.requireNonNull(me, "me");
    Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive, got " + ttl);
    }
  }

  /** A lease that runs {@link #ttl()} from now. */
  public Lease current() {
    return new Lease(me.id(), clock.instant().plus(ttl));
  }

  /** Whether this process holds the run. */
  public boolean holds(RunOwner owner) {
    return me.id().equals(owner.owner());
  }

  /**
   * Whether this process may take the run over: nobody holds it, its lease lapsed, or its owner is
   * a dead process on this host.
   */
  public boolean mayTakeOver(RunOwner owner) {
    if (holds(owner)) {
      return false;
    }
    Instant now = clock.instant();
    return owner.expired(now) || EngineIdentity.isDeadLocalProcess(owner.owner());
  }
}
