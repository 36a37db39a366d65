package dev.skiff.server.events;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client's view of the {@link EventHub}: the events of one run, or of one profile's runs, in a
 * bounded queue. The engine's threads only {@link #offer}: a full queue marks the subscription
 * {@link #overflowed()} and the event is dropped, so a slow client costs the engine nothing; its
 * stream is then ended and the client may reconnect for a fresh snapshot. Close it to unsubscribe.
 */
public final class Subscription implements AutoCloseable {
  private final EventHub hub;
  private final String runId;
  private final String profile;
  private final BlockingQueue<RunEvent> queue;
  private volatile boolean overflowed;

  Subscription(EventHub hub, String runId, String profile, int capacity) {
    this.hub = hub;
    this.runId = runId;
    this.profile = profile;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  boolean matches(String eventRun, String eventProfile) {
    return runId != null ? runId.equals(eventRun) : profile.equals(eventProfile);
  }

  void offer(RunEvent event) {
    if (!overflowed && !queue.offer(event)) {
      overflowed = true;
      queue.clear();
    }
  }

  /** Whether events were dropped because the client did not keep up. */
  public boolean overflowed() {
    return overflowed;
  }

  /** The next event, waiting at most {@code timeout}; null when none came. */
  public RunEvent poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Drops what is queued (events that a snapshot read afterwards already shows). */
  public void clear() {
    queue.clear();
  }

  /** Unsubscribes. */
  @Override
  public void close() {
    hub.remove(this);
  }
}
