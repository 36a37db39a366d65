package dev.skiff.engine.quota;

import dev.skiff.store.identity.ProfileQuota;
import java.util.Locale;

/**
 * Whether one more step fits in its profile's quota, and if not, why, in words a user reads on the
 * task. Pure: no state, no I/O.
 */
public final class QuotaCheck {
  private QuotaCheck() {}

  /** The answer for one step. */
  public sealed interface Verdict {
    /** It may start now. */
    record Fits() implements Verdict {}

    /**
     * It must wait until the profile's usage drops.
     *
     * @param reason e.g. {@code profile 'team-a' uses 1 of 1 GPUs}
     */
    record Exceeds(String reason) implements Verdict {}

    /**
     * It can never start under this quota: it alone asks for more than the quota allows.
     *
     * @param reason e.g. {@code step asks for 2 GPUs but profile 'team-a' has a quota of 1 GPU}
     */
    record Never(String reason) implements Verdict {}
  }

  private static final Verdict FITS = new Verdict.Fits();

  /**
   * Checks one step against a quota.
   *
   * @param profile the profile's name, for the reason
   * @param quota its limits ({@code null} fields limit nothing)
   * @param usage what its running steps request now
   * @param demand what the step asks for
   */
  public static Verdict check(
      String profile, ProfileQuota quota, QuotaUsage usage, StepDemand demand) {
    String who = "profile '" + profile + "'";
    String asker = demand.notebook() ? "notebook" : "step";
    if (demand.notebook() && quota.notebooks() != null && quota.notebooks() < 1) {
      return new Verdict.Never(
          who + " has a quota of " + quota.notebooks() + " notebook servers: none can run");
    }
    if (!demand.notebook() && quota.steps() != null && quota.steps() < 1) {
      return new Verdict.Never(
          who + " has a quota of " + quota.steps() + " steps at once: none of its steps can run");
    }
    if (quota.cpuMillis() != null && demand.cpuMillis() > quota.cpuMillis()) {
      return never(asker, cpus(demand.cpuMillis()), who, cpus(quota.cpuMillis()));
    }
    if (quota.memoryBytes() != null && demand.memoryBytes() > quota.memoryBytes()) {
      return never(
          asker,
          bytes(demand.memoryBytes()) + " of memory",
          who,
          bytes(quota.memoryBytes()) + " of memory");
    }
    if (quota.gpus() != null && demand.gpus() > quota.gpus()) {
      return never(asker, gpus(demand.gpus()), who, gpus(quota.gpus()));
    }
    if (demand.notebook()
        && quota.notebooks() != null
        && usage.notebooks() + 1 > quota.notebooks()) {
      return new Verdict.Exceeds(
          who + " runs " + usage.notebooks() + " of " + quota.notebooks() + " notebook servers");
    }
    if (!demand.notebook() && quota.steps() != null && usage.steps() + 1 > quota.steps()) {
      return new Verdict.Exceeds(
          who + " uses " + usage.steps() + " of " + quota.steps() + " steps");
    }
    if (quota.cpuMillis() != null && usage.cpuMillis() + demand.cpuMillis() > quota.cpuMillis()) {
      return new Verdict.Exceeds(
          who
              + " uses "
              + number(usage.cpuMillis())
              + " of "
              + number(quota.cpuMillis())
              + " CPUs");
    }
    if (quota.memoryBytes() != null
        && usage.memoryBytes() + demand.memoryBytes() > quota.memoryBytes()) {
      return new Verdict.Exceeds(
          who
              + " uses "
              + bytes(usage.memoryBytes())
              + " of "
              + bytes(quota.memoryBytes())
              + " of memory");
    }
    if (quota.gpus() != null && usage.gpus() + demand.gpus() > quota.gpus()) {
      return new Verdict.Exceeds(who + " uses " + usage.gpus() + " of " + quota.gpus() + " GPUs");
    }
    return FITS;
  }

  private static Verdict never(String asker, String asked, String who, String limit) {
    return new Verdict.Never(
        asker + " asks for " + asked + " but " + who + " has a quota of " + limit);
  }

  private static String gpus(long n) {
    return n + (n == 1 ? " GPU" : " GPUs");
  }

  private static String cpus(long millis) {
    return number(millis) + (millis == 1000 ? " CPU" : " CPUs");
  }

  /** Thousandths of a core as cores: {@code 2}, {@code 1.5}, {@code 0.25}. */
  private static String number(long millis) {
    if (millis % 1000 == 0) {
      return Long.toString(millis / 1000);
    }
    String s = String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    return s.replaceAll("0+$", "");
  }

  /** Bytes for people: {@code 512 MiB}, {@code 23.5 GiB}. */
  static String bytes(long b) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    String text = String.format(Locale.ROOT, "%.1f", v);
    if (text.endsWith(".0")) {
      text = text.substring(0, text.length() - 2);
    }
    return text + " " + units[u];
  }
}
