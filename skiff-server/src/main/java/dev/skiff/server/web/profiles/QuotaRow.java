package dev.skiff.server.web.profiles;

import dev.skiff.engine.quota.QuotaUsage;
import dev.skiff.server.web.Format;
import dev.skiff.store.identity.ProfileQuota;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One resource of a profile's quota as the settings page shows it: what the running steps use now
 * against the limit.
 *
 * @param resource {@code Steps}, {@code CPU}, ...
 * @param used what is in use now, as people read it ({@code —} when not counted)
 * @param limit the limit as people read it ({@code no limit} when none)
 * @param percent how much of the limit is used, 0 to 100, or -1 when there is no limit
 */
public record QuotaRow(String resource, String used, String limit, int percent) {

  /** Whether the limit is reached (or passed). */
  public boolean full() {
    return percent >= 100;
  }

  /** The CSS class of the meter's fill: one step per 10 %, so no inline style is needed. */
  public String meterClass() {
    return "meter-" + Math.min(100, Math.max(0, percent)) / 10 * 10;
  }

  /** The rows of a quota and the usage of the profile's running steps. */
  public static List<QuotaRow> of(ProfileQuota quota, QuotaUsage usage) {
    List<QuotaRow> rows = new ArrayList<>(compute(quota, usage));
    rows.add(
        new QuotaRow(
            "Notebook servers",
            "\u2014 (not available yet)",
            quota.notebooks() == null ? "no limit" : Integer.toString(quota.notebooks()),
            -1));
    return List.copyOf(rows);
  }

  /**
   * The rows of what running steps use (steps, CPU, memory, GPUs) against the quota: the home page
   * shows these, the settings page these and the notebook servers.
   */
  public static List<QuotaRow> compute(ProfileQuota quota, QuotaUsage usage) {
    return List.of(
        row(
            "Steps running",
            usage.steps(),
            quota.steps() == null ? null : quota.steps().longValue(),
            n -> Long.toString(n)),
        row("CPU", usage.cpuMillis(), quota.cpuMillis(), QuotaRow::cores),
        row("Memory", usage.memoryBytes(), quota.memoryBytes(), Format::bytes),
        row(
            "GPUs",
            usage.gpus(),
            quota.gpus() == null ? null : quota.gpus().longValue(),
            n -> Long.toString(n)));
  }

  private static QuotaRow row(
      String resource, long used, Long limit, java.util.function.LongFunction<String> shown) {
    if (limit == null) {
      return new QuotaRow(resource, shown.apply(used), "no limit", -1);
    }
    // a limit of 0 allows nothing: it is full
    int percent = limit == 0 ? 100 : (int) Math.min(100, Math.round(used * 100.0 / limit));
    return new QuotaRow(resource, shown.apply(used), shown.apply(limit), percent);
  }

  /** Thousandths of a core as cores: {@code 1500} is {@code 1.5 cores}. */
  static String cores(long millis) {
    if (millis % 1000 == 0) {
      long n = millis / 1000;
      return n + (n == 1 ? " core" : " cores");
    }
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0).replaceAll("0+$", "") + " cores";
  }
}
