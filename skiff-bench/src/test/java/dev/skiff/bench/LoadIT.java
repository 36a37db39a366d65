package dev.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testkit.EmbeddedPostgresServer;
import dev.skiff.testkit.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tier: {@link LoadRun} against a real server on the embedded H2 and on PostgreSQL. By
 * default a light run (4 clients for 5 s each) that CI affords; the full run of the reliability
 * issue is {@code -Dskiff.load.clients=50 -Dskiff.load.seconds=120} (add {@code
 * -Dskiff.load.maxPending=N} to set the server's backlog limit, {@code -Dskiff.load.heap=768m} its
 * heap). Every accepted run must finish, none may be lost, and no step may run twice; the figures
 * are printed and appended to {@code target/load-figures.txt}.
 */
class LoadIT {
  private static final int CLIENTS = Integer.getInteger("skiff.load.clients", 4);
  private static final long SECONDS = Long.getLong("skiff.load.seconds", 5);
  private static final long DRAIN = Long.getLong("skiff.load.drain", 600);
  private static final String HEAP = System.getProperty("skiff.load.heap", "768m");
  private static final int MAX_PENDING = Integer.getInteger("skiff.load.maxPending", 0);

  @TempDir Path work;

  private LoadFigures run(String db, String user, String password) throws Exception {
    LoadFigures f =
        new LoadRun(
                new LoadRun.Options(
                    work,
                    CLIENTS,
                    Duration.ofSeconds(SECONDS),
                    Duration.ofSeconds(DRAIN),
                    HEAP,
                    db,
                    user,
                    password,
                    MAX_PENDING))
            .run();
    f.print(System.out);
    Path figures = Path.of("target", "load-figures.txt");
    Files.createDirectories(figures.getParent());
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    f.print(new java.io.PrintStream(line, true, java.nio.charset.StandardCharsets.UTF_8));
    Files.write(figures, line.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return f;
  }

  private static void assertCorrect(LoadFigures f) {
    assertThat(f.accepted()).as("runs accepted").isPositive();
    assertThat(f.lost()).as("lost runs").isZero();
    assertThat(f.stepsTwice()).as("steps run twice").isZero();
    assertThat(f.finished()).as("finished runs").isEqualTo(f.accepted());
    assertThat(f.succeeded()).as("succeeded runs").isEqualTo(f.accepted());
    assertThat(f.failed()).as("submissions that failed").isZero();
  }

  @Test
  void load_on_embedded_h2() throws Exception {
    assertCorrect(run(null, null, null));
  }

  @Test
  void load_on_postgresql() throws Exception {
    PostgresDatabase db = EmbeddedPostgresServer.shared().createDatabase("load");
    try {
      assertCorrect(run(db.jdbcUrl(), db.user(), db.password()));
    } finally {
      EmbeddedPostgresServer.shared().dropDatabase(db);
    }
  }
}
