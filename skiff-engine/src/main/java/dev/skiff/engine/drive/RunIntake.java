package dev.skiff.engine.drive;

import dev.skiff.engine.ownership.EngineIdentity;
import dev.skiff.engine.ownership.RunLeases;
import dev.skiff.store.RunOwner;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoreException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which runs this process drives, and when: at most {@link RunLimits#maxDrivenRuns()} at once, so
 * that memory does not grow with the number of runs submitted. A run that cannot be driven at once
 * waits in the store (PENDING, no owner), costing nothing here; one thread claims runs as drivers
 * free up, through the store's compare-and-set, so of several processes on one database exactly one
 * takes each run. The order:
 *
 * <ol>
 *   <li>runs this process still holds whose driver stopped while the store was away;
 *   <li>abandoned runs (a server's takeover, or {@link #recover()}): their lease lapsed or their
 *       owner was a process on this host that died; newest first;
 *   <li>waiting runs, oldest first (a server takes any; a process that does not take over runs
 *       takes only those it submitted itself).
 * </ol>
 *
 * It also keeps an estimate of the backlog (waiting runs) for {@link #checkBacklog()}: counted in
 * the store once a heartbeat, plus what was queued and claimed here since.
 */
final class RunIntake implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunIntake.class);

  /** What the intake asks of the service it feeds. */
  interface Claims {
    /**
     * Claims a run through the store's compare-and-set on what was seen and starts driving it.
     *
     * @return false when another process got it first or it cannot be resumed
     */
    boolean claimAndDrive(RunOwner seen);

    /** Drives a run this process still holds; false when it cannot be resumed. */
    boolean resume(RunOwner held);
  }

  private final RunRepository repo;
  private final RunLeases leases;
  private final RunLimits limits;
  private final boolean takeOverAbandoned;
  private final Claims claims;

  private final AtomicInteger driven = new AtomicInteger();
  private final Semaphore wake = new Semaphore(0);
  private final ReentrantLock roundLock = new ReentrantLock();
  private final Set<String> orphans = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedDeque<String> ownWaiting = new ConcurrentLinkedDeque<>();
  private final ArrayDeque<RunOwner> abandoned = new ArrayDeque<>(); // under roundLock
  private final ArrayDeque<RunOwner> waiting = new ArrayDeque<>(); // under roundLock
  private volatile boolean lookInStore;
  private volatile boolean waitingMayExist = true;

  private volatile long waitingCounted;
  private final AtomicLong queuedSinceCount = new AtomicLong();
  private final AtomicLong claimedSinceCount = new AtomicLong();
  private final AtomicLong claimedWaiting = new AtomicLong();
  private long lastCountNanos;
  private long claimedAtLastCount;
  private volatile double claimsPerSecond;

  private volatile boolean closed;

  /**
   * @param takeOverAbandoned whether to take over abandoned runs and any waiting run (a server)
   */
  RunIntake(
      RunRepository repo,
      RunLeases leases,
      RunLimits limits,
      boolean takeOverAbandoned,
      Claims claims) {
    this.repo = repo;
    this.leases = leases;
    this.limits = limits;
    this.takeOverAbandoned = takeOverAbandoned;
    this.claims = claims;
    this.lookInStore = takeOverAbandoned;
  }

  /** Starts claiming; a server resumes what waits at once, in the background. */
  void start() {
    Thread.ofVirtual().name("skiff-run-intake").start(this::loop);
    wake.release();
  }

  /** The limits this intake keeps. */
  RunLimits limits() {
    return limits;
  }

  /** How many runs are driven here now. */
  int driven() {
    return driven.get();
  }

  /**
   * Takes a driver slot for a run submitted now, unless older runs wait (they go first) or every
   * slot is taken. The caller gives it back with {@link #release} when the run's driver ends, or at
   * once when it could not start one.
   */
  boolean admitNow() {
    if (waitingEstimate() > 0) {
      return false;
    }
    return takeSlot();
  }

  /** Takes a free driver slot, if there is one (a compare-and-set: submits race with rounds). */
  private boolean takeSlot() {
    while (true) {
      int n = driven.get();
      if (n >= limits.maxDrivenRuns()) {
        return false;
      }
      if (driven.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Takes a driver slot even when all are taken (a cancel that must act on an abandoned run). */
  void forceAdmit() {
    driven.incrementAndGet();
  }

  /** A driver ended (or did not start): its slot goes to the next run. */
  void release() {
    driven.decrementAndGet();
    wake.release();
  }

  /** A run was stored waiting for a driver. */
  void queued(String runId) {
    queuedSinceCount.incrementAndGet();
    if (!takeOverAbandoned) {
      ownWaiting.add(runId);
    }
    waitingMayExist = true;
    wake.release();
  }

  /** A waiting run ended without being driven (it was canceled). */
  void leftWaiting() {
    claimedSinceCount.incrementAndGet();
  }

  /**
   * A driver stopped because the store was away, leaving a run this process still holds: it is
   * resumed once the store answers and a slot is free.
   */
  void orphaned(String runId) {
    orphans.add(runId);
    wake.release();
  }

  /** A heartbeat: lease lapses and other processes' runs may have appeared in the store. */
  void tick() {
    lookInStore = true;
    wake.release();
  }

  /**
   * Refuses a submission while the backlog is at its limit.
   *
   * @throws BacklogFullException when {@link RunLimits#maxPendingRuns()} runs (about) wait
   */
  void checkBacklog() {
    long w = waitingEstimate();
    if (w >= limits.maxPendingRuns() && w > 0) {
      throw new BacklogFullException(w, limits.maxPendingRuns(), retryAfter(w));
    }
  }

  /** About how many runs wait for a driver. */
  long waitingEstimate() {
    return Math.max(0, waitingCounted + queuedSinceCount.get() - claimedSinceCount.get());
  }

  /** Time for the backlog to shrink to 90% of its limit at the rate runs were claimed lately. */
  private Duration retryAfter(long w) {
    double excess = w - 0.9 * limits.maxPendingRuns();
    double rate = Math.max(1.0, claimsPerSecond);
    return Duration.ofSeconds(Math.clamp((long) Math.ceil(excess / rate), 1, 30));
  }

  /**
   * Claims what may be claimed now, up to the free slots, including abandoned runs even when this
   * process does not take them over by itself.
   *
   * @return the ids of the runs now driven here
   */
  List<String> recover() {
    return round(true, true);
  }

  private void loop() {
    boolean failing = false;
    while (!closed) {
      try {
        wake.acquire();
      } catch (InterruptedException e) {
        return;
      }
      wake.drainPermits();
      if (closed) {
        return;
      }
      boolean look = lookInStore;
      lookInStore = false;
      try {
        round(look, takeOverAbandoned);
        if (failing) {
          log.info("The store answers again: claiming runs");
        }
        failing = false;
      } catch (StoreException e) {
        if (!failing) {
          log.warn("Cannot claim runs: {}", e.getMessage());
        }
        failing = true;
        lookInStore |= look;
      } catch (RuntimeException e) {
        log.error("Claiming runs failed", e);
      }
    }
  }

  /** One round of claims under the lock, so that rounds never overlap. */
  private List<String> round(boolean look, boolean includeAbandoned) {
    roundLock.lock();
    try {
      if (closed) {
        return List.of();
      }
      if (look && takeOverAbandoned) {
        countWaiting();
      }
      Sources sources = new Sources(look, includeAbandoned);
      List<String> taken = new ArrayList<>();
      // The candidate is found before a slot is taken: a slot held while the store is read would
      // turn a run submitted meanwhile away from a free driver (admitNow) into the backlog.
      while (!closed && driven.get() < limits.maxDrivenRuns()) {
        Candidate next = next(sources);
        if (next == null) {
          break;
        }
        if (!takeSlot()) { // a submission took the last slot meanwhile
          putBack(next);
          break;
        }
        boolean ok = false;
        try {
          ok = next.orphan() ? claims.resume(next.owner()) : claims.claimAndDrive(next.owner());
        } finally {
          if (!ok) {
            driven.decrementAndGet();
          }
        }
        if (ok) {
          taken.add(next.owner().runId());
          if (next.waiting()) {
            claimedWaiting.incrementAndGet();
          }
        }
      }
      return taken;
    } finally {
      roundLock.unlock();
    }
  }

  /** Returns a candidate no slot was free for, to be the next one again. */
  private void putBack(Candidate c) {
    if (c.orphan()) {
      orphans.add(c.owner().runId());
    } else if (!c.waiting()) {
      abandoned.addFirst(c.owner());
    } else {
      claimedSinceCount.decrementAndGet();
      if (takeOverAbandoned) {
        waiting.addFirst(c.owner());
      } else {
        ownWaiting.addFirst(c.owner().runId());
      }
    }
  }

  /** What one round may still read from the store. */
  private static final class Sources {
    boolean abandonedToRead;
    boolean waitingToRead;

    Sources(boolean look, boolean includeAbandoned) {
      this.abandonedToRead = look && includeAbandoned;
      this.waitingToRead = true;
    }
  }

  private record Candidate(RunOwner owner, boolean orphan, boolean waiting) {}

  private Candidate next(Sources s) {
    for (String id : orphans) {
      Optional<RunOwner> o = repo.owner(id); // a store failure leaves it for later
      orphans.remove(id);
      if (o.isPresent() && leases.holds(o.get())) {
        return new Candidate(o.get(), true, false);
      }
    }
    if (abandoned.isEmpty() && s.abandonedToRead) {
      s.abandonedToRead = false;
      abandoned.addAll(findAbandoned());
    }
    RunOwner a = abandoned.poll();
    if (a != null) {
      return new Candidate(a, false, false);
    }
    return takeOverAbandoned ? nextWaiting(s) : nextOwnWaiting();
  }

  /** Lapsed leases and the runs of dead processes on this host, newest first. */
  private List<RunOwner> findAbandoned() {
    int batch = limits.maxDrivenRuns();
    Map<String, RunOwner> found = new LinkedHashMap<>();
    for (RunOwner o : repo.lapsed(leases.clock().instant(), batch)) {
      found.put(o.runId(), o);
    }
    for (String owner : repo.owners(EngineIdentity.localPrefix(), leases.me().id())) {
      if (EngineIdentity.isDeadLocalProcess(owner)) {
        for (RunOwner o : repo.heldBy(owner, batch)) {
          found.put(o.runId(), o);
        }
      }
    }
    return found.values().stream()
        .filter(leases::mayTakeOver)
        .sorted(Comparator.comparing(RunOwner::createdAt).reversed())
        .toList();
  }

  private Candidate nextWaiting(Sources s) {
    if (waiting.isEmpty() && s.waitingToRead && waitingMayExist) {
      s.waitingToRead = false;
      List<RunOwner> found = repo.waiting(limits.maxDrivenRuns());
      waiting.addAll(found);
      if (found.isEmpty()) {
        waitingMayExist = false;
        waitingCounted = 0;
        queuedSinceCount.set(0);
        claimedSinceCount.set(0);
      }
    }
    RunOwner w = waiting.poll();
    if (w == null) {
      return null;
    }
    claimedSinceCount.incrementAndGet();
    return new Candidate(w, false, true);
  }

  /** The runs this process submitted that wait, oldest first, while still waiting. */
  private Candidate nextOwnWaiting() {
    for (String id = ownWaiting.peek(); id != null; id = ownWaiting.peek()) {
      Optional<RunOwner> o = repo.owner(id); // a store failure leaves it queued
      ownWaiting.remove(id);
      claimedSinceCount.incrementAndGet();
      if (o.isPresent() && o.get().owner() == null && o.get().leaseUntil() == null) {
        return new Candidate(o.get(), false, true);
      }
    }
    return null;
  }

  /** Counts the waiting runs in the store, and how fast they were claimed since the last count. */
  private void countWaiting() {
    long queued = queuedSinceCount.get();
    long claimed = claimedSinceCount.get();
    long n = repo.countWaiting();
    waitingCounted = n;
    queuedSinceCount.addAndGet(-queued);
    claimedSinceCount.addAndGet(-claimed);
    waitingMayExist = n > 0 || queuedSinceCount.get() > 0;
    long now = System.nanoTime();
    long total = claimedWaiting.get();
    if (lastCountNanos != 0) {
      double seconds = (now - lastCountNanos) / 1e9;
      double rate = (total - claimedAtLastCount) / Math.max(seconds, 0.001);
      claimsPerSecond = claimsPerSecond == 0 ? rate : 0.7 * claimsPerSecond + 0.3 * rate;
    }
    lastCountNanos = now;
    claimedAtLastCount = total;
  }

  /**
   * Stops claiming; a round in progress finishes first (waited for a few seconds: a round stuck on
   * a store that does not answer must not hold up a stop, and claims nothing once closed).
   */
  @Override
  public void close() {
    closed = true;
    wake.release();
    try {
      if (roundLock.tryLock(5, java.util.concurrent.TimeUnit.SECONDS)) {
        roundLock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
