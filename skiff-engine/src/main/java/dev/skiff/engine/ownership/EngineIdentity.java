package dev.skiff.engine.ownership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who a process is, as it writes itself into the runs it drives: {@code host/pid/start/random}. The
 * parts let a process on the same host see at once that an owner is dead (its pid is gone or now
 * belongs to a younger process) instead of waiting for its lease to lapse; an owner on another host
 * can only be waited out.
 *
 * @param id the text stored as a run's owner (at most 255 characters)
 */
public record EngineIdentity(String id) {

  /** A new identity for this process (unique even for two engines in one JVM). */
  public static EngineIdentity forThisProcess() {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    byte[] nonce = new byte[4];
    new SecureRandom().nextBytes(nonce);
    String host = hostName();
    if (host.length() > 200) {
      host = host.substring(0, 200);
    }
    return new EngineIdentity(
        host + "/" + self.pid() + "/" + started + "/" + HexFormat.of().formatHex(nonce));
  }

  /**
   * Whether {@code owner} names a process on this host that no longer runs. False when it runs, or
   * lives on another host, or cannot be read.
   */
  public static boolean isDeadLocalProcess(String owner) {
    if (owner == null) {
      return false;
    }
    String[] parts = owner.split("/");
    if (parts.length != 4 || !parts[0].equals(hostName())) {
      return false;
    }
    long pid;
    long started;
    try {
      pid = Long.parseLong(parts[1]);
      started = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (p.isEmpty()) {
      return true;
    }
    Optional<Instant> actual = p.get().info().startInstant();
    // Another process that got the same pid later started after the owner did.
    return started != 0 && actual.isPresent() && actual.get().toEpochMilli() != started;
  }

  /** What the ids of the processes on this host start with: {@code host/}. */
  public static String localPrefix() {
    String host = hostName();
    return (host.length() > 200 ? host.substring(0, 200) : host) + "/";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public String toString() {
    return id;
  }
}
