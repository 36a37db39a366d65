package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPasswordTest {
  @TempDir Path home;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void creates_a_random_password_readable_only_by_the_owner_and_reuses_it() throws Exception {
    Path file = home.resolve("db/password");
    String password = EmbeddedPassword.ensure(file);

    assertThat(password).matches("[A-Za-z0-9_-]{43}");
    assertThat(Files.readString(file)).isEqualTo(password + "\n");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(mode(file.getParent())).isEqualTo("rwx------");
    assertThat(EmbeddedPassword.ensure(file)).isEqualTo(password);
    assertThat(EmbeddedPassword.ensure(home.resolve("other/db/password"))).isNotEqualTo(password);
    try (var left = Files.list(file.getParent())) {
      assertThat(left).as("no draft left behind").containsExactly(file);
    }
  }

  @Test
  void processes_opening_a_new_home_at_once_agree_on_one_password() throws Exception {
    Path file = home.resolve("db/password");
    CountDownLatch start = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(8)) {
      List<Future<String>> all =
          IntStream.range(0, 8)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            start.await();
                            return EmbeddedPassword.ensure(file);
                          }))
              .toList();
      start.countDown();
      String first = all.getFirst().get();
      for (Future<String> f : all) {
        assertThat(f.get()).isEqualTo(first);
      }
      assertThat(Files.readString(file).strip()).isEqualTo(first);
    }
  }

  @Test
  void an_empty_file_is_replaced_and_open_modes_are_narrowed() throws Exception {
    Path dir = Files.createDirectories(home.resolve("db"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = Files.writeString(dir.resolve("password"), "");

    String password = EmbeddedPassword.ensure(file);
    assertThat(password).hasSize(43);
    assertThat(mode(dir)).isEqualTo("rwx------");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(EmbeddedPassword.ensure(file)).isEqualTo(password);
    assertThat(mode(file)).isEqualTo("rw-------");
  }
}
