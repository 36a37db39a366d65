package dev.skiff.server.events;

import dev.skiff.engine.drive.RunListener;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the engine's run and task changes out to {@link Subscription}s. It listens to the {@link
 * RunService}, so it sees the runs this process drives (runs driven by another process are polled
 * from the store by the stream that wants them). Called on the engine's run threads, it never
 * blocks on a client: each subscription has a bounded queue.
 *
 * <p>A task change names only its run; the run's profile comes from the run's own changes, or, for
 * a run whose first change here is a task's (a run taken over from another process), from one read
 * of the store on a virtual thread, while that run's events wait in order.
 */
public final class EventHub implements RunListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  /** Events one client may have queued before it counts as too slow. */
  public static final int DEFAULT_CAPACITY = 1024;

  private final RunService runs;
  private final int capacity;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final Map<String, String> profiles = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, List<RunEvent>> unresolved = new HashMap<>();
  private final AutoCloseable listening;

  /**
   * A hub listening to {@code runs}.
   *
   * @param capacity how many events a client may lag behind before its stream is ended
   */
  public EventHub(RunService runs, int capacity) {
    this.runs = runs;
    this.capacity = capacity;
    this.listening = runs.subscribe(this);
  }

  /** The events of one run. */
  public Subscription subscribeRun(String runId) {
    Subscription s = new Subscription(this, runId, null, capacity);
    subscriptions.add(s);
    return s;
  }

  /** The events of every run of a profile ({@code ""}: runs outside any profile). */
  public Subscription subscribeProfile(String profile) {
    Subscription s = new Subscription(this, null, profile, capacity);
    subscriptions.add(s);
    return s;
  }

  /** How many clients are subscribed now. */
  public int subscribers() {
    return subscriptions.size();
  }

  void remove(Subscription s) {
    subscriptions.remove(s);
  }

  @Override
  public void runChanged(RunRecord run) {
    String profile = run.options().profile();
    profiles.put(run.id(), profile);
    dispatch(profile, new RunEvent.RunChanged(run));
    if (run.state().isTerminal()) {
      profiles.remove(run.id());
    }
  }

  @Override
  public void taskChanged(String runId, TaskRun task) {
    RunEvent event = new RunEvent.TaskChanged(runId, task);
    String profile = profiles.get(runId);
    if (profile != null) {
      dispatch(profile, event);
      return;
    }
    lock.lock();
    try {
      profile = profiles.get(runId);
      if (profile != null) {
        dispatch(profile, event);
        return;
      }
      List<RunEvent> waiting = unresolved.get(runId);
      if (waiting != null) {
        waiting.add(event);
        return;
      }
      waiting = new ArrayList<>();
      waiting.add(event);
      unresolved.put(runId, waiting);
    } finally {
      lock.unlock();
    }
    Thread.ofVirtual().name("skiff-events-profile").start(() -> resolve(runId));
  }

  private void resolve(String runId) {
    String profile;
    try {
      profile = runs.get(runId).map(RunView::run).map(r -> r.options().profile()).orElse(null);
    } catch (RuntimeException e) {
      log.debug("cannot read the profile of run {}: {}", runId, e.toString());
      profile = null;
    }
    lock.lock();
    try {
      List<RunEvent> waiting = Optional.ofNullable(unresolved.remove(runId)).orElse(List.of());
      if (profile == null) {
        return;
      }
      profiles.put(runId, profile);
      for (RunEvent e : waiting) {
        dispatch(profile, e);
      }
    } finally {
      lock.unlock();
    }
  }

  private void dispatch(String profile, RunEvent event) {
    for (Subscription s : subscriptions) {
      if (s.matches(event.runId(), profile)) {
        s.offer(event);
      }
    }
  }

  /** Stops listening; subscriptions stay until their streams close them. */
  @Override
  public void close() {
    try {
      listening.close();
    } catch (Exception e) {
      log.debug("cannot unsubscribe: {}", e.toString());
    }
  }
}
