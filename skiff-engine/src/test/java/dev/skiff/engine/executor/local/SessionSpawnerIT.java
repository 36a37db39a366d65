package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through the posix_spawn spawner: what a step gets from it, and its exit. */
class SessionSpawnerIT {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "SKIFF_X", "a b");

  @TempDir Path dir;
  private SessionSpawner spawner;
  private Path log;

  @BeforeEach
  void spawner() {
    boolean linux = System.getProperty("os.name").startsWith("Linux");
    if (linux && Runtime.version().feature() >= 22) {
      // Tests run with --enable-native-access (the parent pom): the spawner must be there.
      assertThat(SessionSpawner.forThisJvm()).as("posix_spawn spawner on this JDK").isPresent();
    }
    var found = SessionSpawner.forThisJvm();
    if (found.isEmpty()) {
      System.out.println("SKIPPED SessionSpawnerIT: no posix_spawn spawner on this JVM/OS");
    }
    assumeTrue(found.isPresent(), "no posix_spawn spawner on this JVM/OS");
    spawner = found.get();
    log = dir.resolve("log.txt");
  }

  private Process sh(String script) throws IOException {
    return spawner.spawn(Path.of("/bin/sh"), List.of("sh", "-c", script), ENV, dir, log);
  }

  private String output(Process p) throws Exception {
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return Files.readString(log);
  }

  @Test
  void theChildLeadsItsOwnSessionAndGroup() throws Exception {
    Process p = sh("cat /proc/$$/stat");
    String[] stat = output(p).substring(output(p).lastIndexOf(')') + 2).split(" ");
    // after the command name: state, ppid, pgrp, session
    assertThat(Long.parseLong(stat[2])).isEqualTo(p.pid());
    assertThat(Long.parseLong(stat[3])).isEqualTo(p.pid());
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void theChildGetsExactlyItsEnvironmentFolderAndStreams() throws Exception {
    Process p =
        sh(
            "env | sort; pwd; readlink /proc/$$/fd/0; ls /proc/$$/fd | tr '\\n' ' '; echo;"
                + " echo to-stderr >&2");
    String out = output(p);
    assertThat(out.lines().toList())
        .containsExactly(
            "PATH=/usr/bin:/bin",
            "PWD=" + dir.toRealPath(),
            "SKIFF_X=a b",
            dir.toRealPath().toString(),
            "/dev/null",
            "0 1 2 ",
            "to-stderr");
  }

  @Test
  void signalsStartAtTheirDefaultsAndUnblocked() throws Exception {
    // exec: grep reads the status of the spawned process itself (a waiting sh blocks signals).
    String out = output(sh("exec grep -E '^Sig(Blk|Ign):' /proc/self/status"));
    List<String> lines = out.lines().toList();
    assertThat(lines.getFirst()).isEqualTo("SigBlk:\t0000000000000000");
    // Signals 1-31 at their defaults (the C library's own real-time signals are not ours to set).
    long ignored = Long.parseUnsignedLong(lines.get(1).substring("SigIgn:\t".length()), 16);
    assertThat(ignored & 0x7fffffffL).as(lines.get(1)).isZero();
  }

  @Test
  void outputIsAppended() throws Exception {
    Files.writeString(log, "before\n");
    assertThat(output(sh("echo after"))).isEqualTo("before\nafter\n");
  }

  @Test
  void exitCodesAndSignalsAreReportedAsTheJdkReportsThem() throws Exception {
    Process three = sh("exit 3");
    assertThat(three.waitFor()).isEqualTo(3);
    assertThat(three.isAlive()).isFalse();
    Process killed = sh("kill -9 $$");
    assertThat(killed.waitFor()).isEqualTo(128 + 9);
    assertThat(killed.onExit().get(10, TimeUnit.SECONDS)).isSameAs(killed);
  }

  @Test
  void destroyEndsARunningChildAndOnlyOnce() throws Exception {
    Process p = sh("exec sleep 30");
    assertThat(p.isAlive()).isTrue();
    assertThatThrownBy(p::exitValue).isInstanceOf(IllegalThreadStateException.class);
    assertThat(p.toHandle().info().startInstant()).isPresent();
    p.destroy();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(128 + 15);
    p.destroyForcibly(); // after the exit: nothing to signal, no error
  }

  @Test
  void aFileWithoutInterpreterLineRunsThroughTheShell() throws Exception {
    Path script = dir.resolve("script");
    Files.writeString(script, "echo scripted \"$1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Process p = spawner.spawn(script, List.of("script", "arg"), ENV, dir, log);
    assertThat(output(p)).isEqualTo("scripted arg\n");
  }

  @Test
  void whatCannotStartIsAnIOExceptionNamingTheCause() {
    assertThatThrownBy(
            () -> spawner.spawn(dir.resolve("missing"), List.of("missing"), ENV, dir, log))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No such file or directory");
    assertThatThrownBy(
            () ->
                spawner.spawn(
                    Path.of("/bin/sh"), List.of("sh", "-c", "true"), ENV, dir.resolve("gone"), log))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No such file or directory");
  }
}
