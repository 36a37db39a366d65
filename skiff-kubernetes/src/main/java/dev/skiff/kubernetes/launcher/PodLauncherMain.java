package dev.skiff.kubernetes.launcher;

import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.PodContract;
import java.io.PrintStream;
import java.util.Map;

/**
 * The in-pod launcher: {@code java -cp ... dev.skiff.kubernetes.launcher.PodLauncherMain
 * prepare|collect} ({@link PodContract#launcherCommand}) in Skiff's image.
 *
 * <ul>
 *   <li>{@code prepare} (init container): {@link PreparePhase} fetches inputs into the volume and
 *       writes {@link PodContract#RUN_SCRIPT}, which the user's container runs with {@code /bin/sh}
 *       — the user's image needs nothing else (see {@link RunScript});
 *   <li>{@code collect} (beside the user's container): {@link CollectPhase} waits for the exit
 *       code, stores the outputs, then the report.
 * </ul>
 *
 * Environment: {@link PodContract#ENV_STEP}, {@link PodContract#ENV_ARTIFACTS}, {@link
 * PodContract#ENV_ROOT} (default {@link PodContract#MOUNT}), and the AWS credential chain's
 * variables for S3. It prints one line: what it did, or what went wrong (never a stack trace), and
 * exits 0 when the phase did its work and the step has not failed, 1 when the step failed or could
 * not be reported, 2 when its command line or environment is wrong.
 */
public final class PodLauncherMain {
  private PodLauncherMain() {}

  /** Runs one phase and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs one phase; returns the exit status. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      if (args.length != 1
          || !(args[0].equals(PodContract.PREPARE) || args[0].equals(PodContract.COLLECT))) {
        throw LauncherException.badInput(
            "usage: PodLauncherMain " + PodContract.PREPARE + "|" + PodContract.COLLECT);
      }
      PodEnvironment pod = PodEnvironment.from(env);
      if (args[0].equals(PodContract.PREPARE)) {
        out.println("skiff launcher: " + PreparePhase.run(pod));
        return 0;
      }
      CollectPhase.Outcome outcome = CollectPhase.run(pod);
      boolean ok = outcome.report() instanceof AttemptReport.Succeeded;
      (ok ? out : err).println("skiff launcher: " + outcome.line());
      return ok ? 0 : LauncherException.FAILED;
    } catch (LauncherException e) {
      err.println("skiff launcher: " + e.getMessage());
      return e.exitStatus();
    } catch (RuntimeException | Error e) {
      err.println("skiff launcher: internal error: " + e);
      return LauncherException.FAILED;
    }
  }
}
