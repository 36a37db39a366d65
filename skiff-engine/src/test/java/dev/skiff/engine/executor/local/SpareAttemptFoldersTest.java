package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareAttemptFoldersTest {
  @TempDir Path runs;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Claims until a spare was ready (they are made in the background). */
  private static boolean claimWithin(SpareAttemptFolders spares, Path attempt) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (spares.claim(attempt)) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  @Test
  void aClaimedSpareIsTheAttemptsPrivateFolderWithItsWorkOutputsAndLog() throws Exception {
    try (SpareAttemptFolders spares = new SpareAttemptFolders(runs)) {
      Path attempt = runs.resolve("run-1/loop/s0/attempt-1");
      assertThat(claimWithin(spares, attempt)).isTrue();
      assertThat(mode(attempt)).isEqualTo("rwx------");
      assertThat(mode(attempt.resolve("work"))).isEqualTo("rwx------");
      assertThat(mode(attempt.resolve("outputs"))).isEqualTo("rwx------");
      assertThat(mode(attempt.resolve("log.txt"))).isEqualTo("rw-------");
      assertThat(Files.size(attempt.resolve("log.txt"))).isZero();
      assertThat(mode(runs.resolve("run-1/loop"))).as("parents made too").isEqualTo("rwx------");
      try (Stream<Path> in = Files.list(attempt)) {
        assertThat(in.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("work", "outputs", "log.txt");
      }
      // The next ones are made meanwhile: every claim of a new folder is served.
      for (int i = 2; i <= 5; i++) {
        assertThat(claimWithin(spares, runs.resolve("run-1/s" + i + "/attempt-1"))).isTrue();
      }
    }
  }

  @Test
  void aFolderThatIsThereAlreadyIsLeftAsItIs() throws Exception {
    Path attempt = Files.createDirectories(runs.resolve("run-1/s0/attempt-1"));
    Files.writeString(attempt.resolve("log.txt"), "earlier");
    try (SpareAttemptFolders spares = new SpareAttemptFolders(runs)) {
      Thread.sleep(200);
      assertThat(spares.claim(attempt)).isFalse();
      assertThat(Files.readString(attempt.resolve("log.txt"))).isEqualTo("earlier");
      assertThat(claimWithin(spares, runs.resolve("run-1/s1/attempt-1")))
          .as("the spare it did not use serves the next claim")
          .isTrue();
    }
  }

  @Test
  void sparesOfGoneProcessesAreRemovedAndOwnAreRemovedOnClose() throws Exception {
    Path spareRoot = runs.resolve(".spare-attempts");
    Path gone = Files.createDirectories(spareRoot.resolve("999999999-1/1/work"));
    Path alive = Files.createDirectories(spareRoot.resolve(ProcessHandle.current().pid() + "-0/1"));
    SpareAttemptFolders spares = new SpareAttemptFolders(runs);
    assertThat(claimWithin(spares, runs.resolve("run-1/s0/attempt-1"))).isTrue();
    // The first claim starts the clean-up on a thread of its own, beside the spares' making: a
    // claim can be served before it has ended.
    Path goneOwner = gone.getParent().getParent();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (Files.exists(goneOwner) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(goneOwner).doesNotExist();
    assertThat(alive).exists();
    spares.close();
    try (Stream<Path> left = Files.list(spareRoot)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("only the other live executor's folder")
          .containsExactly(ProcessHandle.current().pid() + "-0");
    }
    assertThat(spares.claim(runs.resolve("run-1/s1/attempt-1"))).isFalse();
  }

  @Test
  void noRunCanTakeTheSparesFolder() {
    AttemptFolders folders = new AttemptFolders(runs);
    assertThatThrownBy(() -> folders.runDir(".spare-attempts"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                folders.attemptDir(new dev.skiff.engine.executor.StepId(".spare-attempts", "s", 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
