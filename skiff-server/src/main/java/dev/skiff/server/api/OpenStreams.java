package dev.skiff.server.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the long-lived responses being served now (event streams, followed logs), so that a stream
 * that outlives its client shows: {@code skiff_streams_open{kind="events"|"logs"}} on {@code
 * /metrics}.
 */
public final class OpenStreams {
  private final AtomicInteger events = new AtomicInteger();
  private final AtomicInteger logs = new AtomicInteger();

  /** Registers the gauges. */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("skiff.streams.open", events, AtomicInteger::get)
        .description("Event streams and followed logs being served now")
        .tag("kind", "events")
        .register(registry);
    Gauge.builder("skiff.streams.open", logs, AtomicInteger::get)
        .description("Event streams and followed logs being served now")
        .tag("kind", "logs")
        .register(registry);
  }

  /** An open stream; closing it counts it off. */
  interface Open extends AutoCloseable {
    @Override
    void close();
  }

  Open event() {
    events.incrementAndGet();
    return events::decrementAndGet;
  }

  Open log() {
    logs.incrementAndGet();
    return logs::decrementAndGet;
  }

  /** Event streams open now. */
  public int events() {
    return events.get();
  }

  /** Followed logs open now. */
  public int logs() {
    return logs.get();
  }
}
