package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.local.ProcessGroups;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU assignment through the real detection: a child JVM runs with a fake {@code nvidia-smi} first
 * on its PATH that lists two GPUs, so {@code MachineCapacity.detect()} finds them; two notebooks
 * asking for one GPU each get {@code 0} and {@code 1}, a third waits until one stops.
 */
class NotebookGpuDetectionIT {

  private static final String FAKE_NVIDIA_SMI =
      """
      #!/bin/sh
      [ "$1" = "-L" ] || { echo "unexpected arguments: $*" >&2; exit 9; }
      echo "GPU 0: NVIDIA H200 (UUID: GPU-8f6b3c1e-2d4a-4b7e-9c1d-0a1b2c3d4e5f)"
      echo "GPU 1: NVIDIA H200 (UUID: GPU-11111111-2222-3333-4444-555555555555)"
      """;

  /** One {@code STATE} line of the child. */
  private record State(String name, String status, String gpus, long pid, String reason) {}

  @Test
  void two_detected_gpus_go_to_two_notebooks_and_a_third_waits(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, FAKE_NVIDIA_SMI);
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path log = tmp.resolve("child.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NotebookGpuDetectionMain.class.getName(),
                home.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.remove("CUDA_VISIBLE_DEVICES"); // the server sees all the GPUs nvidia-smi lists
    Process child = pb.start();
    List<Long> pids = new ArrayList<>();
    try (OutputStream toChild = child.getOutputStream()) {
      String first = awaitLine(child, log, "END WAITING");
      assertThat(first)
          .as("the default detection ran the fake nvidia-smi")
          .contains("CAPACITY gpus=0,1 source=nvidia-smi found 2 free=2");
      Map<String, State> waiting = states(first, "WAITING");
      waiting.values().stream().filter(st -> st.pid() > 0).forEach(st -> pids.add(st.pid()));
      assertThat(waiting.get("g1").status()).isEqualTo("RUNNING");
      assertThat(waiting.get("g2").status()).isEqualTo("RUNNING");
      assertThat(waiting.get("g1").gpus()).isEqualTo("0");
      assertThat(waiting.get("g2").gpus()).isEqualTo("1");
      assertThat(NotebookHarness.environ(waiting.get("g1").pid(), "CUDA_VISIBLE_DEVICES"))
          .isEqualTo("0");
      assertThat(NotebookHarness.environ(waiting.get("g2").pid(), "CUDA_VISIBLE_DEVICES"))
          .isEqualTo("1");
      assertThat(waiting.get("g3").status()).isEqualTo("PENDING");
      assertThat(waiting.get("g3").gpus()).isEmpty();
      assertThat(waiting.get("g3").reason()).isEqualTo("waiting for 1 GPU: 2 of 2 in use");
      assertThat(first).contains("END WAITING free=0");
      next(toChild);

      String second = awaitLine(child, log, "END MOVED");
      Map<String, State> moved = states(second, "MOVED");
      moved.values().stream().filter(st -> st.pid() > 0).forEach(st -> pids.add(st.pid()));
      assertThat(moved.get("g1").status()).isEqualTo("STOPPED");
      assertThat(ProcessGroups.members(waiting.get("g1").pid())).as("g1 stopped").isEmpty();
      assertThat(moved.get("g2").status()).isEqualTo("RUNNING");
      assertThat(moved.get("g2").pid()).isEqualTo(waiting.get("g2").pid());
      assertThat(moved.get("g3").status()).isEqualTo("RUNNING");
      assertThat(moved.get("g3").gpus()).as("the GPU g1 freed").isEqualTo("0");
      assertThat(NotebookHarness.environ(moved.get("g3").pid(), "CUDA_VISIBLE_DEVICES"))
          .isEqualTo("0");
      assertThat(second).contains("END MOVED free=0");
      next(toChild);

      String last = awaitLine(child, log, "DONE");
      assertThat(last).contains("DONE free=2");
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exits").isTrue();
      assertThat(child.exitValue()).as(last).isZero();
      for (long pid : pids) {
        assertThat(ProcessGroups.members(pid)).as("no process left of %s", pid).isEmpty();
        assertThat(ProcessHandle.of(pid)).as("server %s gone", pid).isEmpty();
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static void next(OutputStream toChild) throws IOException {
    toChild.write("\n".getBytes(StandardCharsets.UTF_8));
    toChild.flush();
  }

  /** The child's log once it holds {@code marker}; fails if the child dies or takes 90 s. */
  private static String awaitLine(Process child, Path log, String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.readString(log).contains(marker)) {
      assertThat(child.isAlive()).as("child alive; log: %s", Files.readString(log)).isTrue();
      assertThat(System.nanoTime())
          .as("child printed %s; log: %s", marker, Files.readString(log))
          .isLessThan(deadline);
      Thread.sleep(50);
    }
    return Files.readString(log);
  }

  /** The {@code STATE <label>} lines: name → state. */
  private static Map<String, State> states(String out, String label) {
    Map<String, State> states = new HashMap<>();
    for (String line : out.lines().toList()) {
      if (line.startsWith("STATE " + label + " ")) {
        String[] f = line.split(" ", 7);
        String pid = f[5].substring("pid=".length());
        states.put(
            f[2],
            new State(
                f[2],
                f[3],
                f[4].substring("gpus=".length()),
                pid.equals("-") ? -1 : Long.parseLong(pid),
                f[6].substring("reason=".length())));
      }
    }
    assertThat(states).as(out).containsOnlyKeys("g1", "g2", "g3");
    return states;
  }
}
