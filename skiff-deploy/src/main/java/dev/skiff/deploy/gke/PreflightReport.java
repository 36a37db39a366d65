package dev.skiff.deploy.gke;

import java.util.List;

/**
 * Every preflight finding at once (never one per try), and whether the checks that need the
 * project's facts ran.
 *
 * @param findings in the order they were checked
 * @param skipped why the project's facts were not checked, or null when they were
 */
public record PreflightReport(List<Finding> findings, String skipped) {
  public PreflightReport {
    findings = List.copyOf(findings);
  }

  /** The findings that stop the plan. */
  public List<Finding> problems() {
    return findings.stream().filter(Finding::problem).toList();
  }

  /** Whether the plan can succeed as far as the checks that ran can tell. */
  public boolean feasible() {
    return problems().isEmpty();
  }

  /** The report as printed: one line per finding, fixes indented below, a closing verdict. */
  public String render() {
    StringBuilder b = new StringBuilder();
    for (Finding f : findings) {
      b.append(
              switch (f.status()) {
                case OK -> "  ok       ";
                case NOTE -> "  note     ";
                case PROBLEM -> "  PROBLEM  ";
              })
          .append(f.check())
          .append(": ")
          .append(f.message())
          .append('\n');
      if (!f.fix().isEmpty()) {
        b.append(f.problem() ? "           fix: " : "           ").append(f.fix()).append('\n');
      }
    }
    if (skipped != null) {
      b.append("  skipped  quotas, GPU offers and APIs: ").append(skipped).append('\n');
    }
    int n = problems().size();
    b.append(
        n == 0
            ? skipped == null
                ? "Preflight passed: the project can hold this plan.\n"
                : "Preflight passed the checks it could run.\n"
            : "Preflight found "
                + n
                + (n == 1 ? " problem" : " problems")
                + ": the plan cannot succeed until "
                + (n == 1 ? "it is" : "they are")
                + " fixed.\n");
    return b.toString();
  }
}
