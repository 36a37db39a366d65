package dev.skiff.bench;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;

/**
 * B0: the floors of this machine, measured in the same run as everything else so that readers can
 * judge the other figures. Gate: the loopback HTTP echo on Skiff's own HTTP stack (Javalin/Jetty on
 * virtual threads) must stay under 5 ms (catches the delayed-ACK/Nagle trap).
 */
final class Calibration {
  private final Path work;
  private final int reps;

  Calibration(Path work, int reps) {
    this.work = work;
    this.reps = reps;
  }

  void run(Table table) throws Exception {
    table.add(
        Row.report("B0", "spawn `true` (ProcessBuilder, 1 thread)", ms(spawn(List.of("true"), 1))));
    table.add(
        Row.report(
            "B0",
            "spawn `true` (ProcessBuilder, 2 threads, per process)",
            ms(spawn(List.of("true"), 2))));
    table.add(Row.report("B0", "`sh -c true`", ms(spawn(List.of("sh", "-c", "true"), 1))));
    String python = Tools.python3();
    table.add(
        python == null
            ? Row.report("B0", "`python3 -c pass`", "python3 not found")
            : Row.report("B0", "`python3 -c pass`", ms(spawn(List.of(python, "-c", "pass"), 1))));
    table.add(Row.report("B0", "write 512 B + fsync", ms(fsync())));
    table.add(Row.report("B0", "embedded DB (H2 file) commit of one row", ms(dbCommit())));
    Samples echo = httpEcho();
    boolean ok = echo.median() < 5.0;
    table.add(
        new Row(
            "B0",
            "loopback HTTP echo (Javalin, keep-alive), p99 " + fmt(echo.p99()),
            "-",
            fmt(echo.median()),
            "-",
            "JDK HttpServer default: 44 ms",
            "median < 5 ms",
            ok));
  }

  private Samples spawn(List<String> command, int threads) throws Exception {
    int n = Math.max(reps * 10, 50);
    Samples s = new Samples();
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (int i = 0; i < 5; i++) {
      pb.start().waitFor();
    }
    if (threads == 1) {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        pb.start().waitFor();
        s.addNanos(System.nanoTime() - t0);
      }
      return s;
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int round = 0; round < reps; round++) {
        long t0 = System.nanoTime();
        List<Future<?>> all =
            java.util.stream.IntStream.range(0, 50)
                .mapToObj(
                    i ->
                        pool.submit(
                            () -> {
                              pb.start().waitFor();
                              return null;
                            }))
                .<Future<?>>map(f -> f)
                .toList();
        for (Future<?> f : all) {
          f.get();
        }
        s.addNanos((System.nanoTime() - t0) / 50);
      }
    }
    return s;
  }

  private Samples fsync() throws IOException {
    Samples s = new Samples();
    Path file = work.resolve("fsync.bin");
    ByteBuffer data = ByteBuffer.allocate(512);
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int i = 0; i < Math.max(reps * 20, 100); i++) {
        data.rewind();
        long t0 = System.nanoTime();
        ch.write(data, 0);
        ch.force(false);
        s.addNanos(System.nanoTime() - t0);
      }
    }
    return s;
  }

  private Samples dbCommit() throws IOException {
    Samples s = new Samples();
    Path home = Files.createDirectories(work.resolve("b0-db"));
    try (Database db = Database.open(DatabaseConfig.h2File(home), null)) {
      Jdbi jdbi = db.jdbi();
      jdbi.useHandle(
          h -> h.execute("create table if not exists bench_commit (id int, v varchar(64))"));
      for (int i = 0; i < Math.max(reps * 20, 200); i++) {
        int id = i;
        long t0 = System.nanoTime();
        jdbi.useTransaction(
            h -> h.execute("insert into bench_commit (id, v) values (?, ?)", id, "value"));
        s.addNanos(System.nanoTime() - t0);
      }
    }
    return s;
  }

  private Samples httpEcho() throws Exception {
    Javalin app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.concurrency.useVirtualThreads = true;
              c.routes.get("/echo", ctx -> ctx.result(ctx.queryParam("m")));
            });
    app.start("127.0.0.1", 0);
    try (HttpClient client = HttpClient.newHttpClient()) {
      URI uri = URI.create("http://127.0.0.1:" + app.port() + "/echo?m=hello");
      HttpRequest req = HttpRequest.newBuilder(uri).build();
      Samples s = new Samples();
      for (int i = 0; i < 200; i++) {
        client.send(req, HttpResponse.BodyHandlers.ofString());
      }
      for (int i = 0; i < Math.max(reps * 100, 500); i++) {
        long t0 = System.nanoTime();
        client.send(req, HttpResponse.BodyHandlers.ofString());
        s.addNanos(System.nanoTime() - t0);
      }
      return s;
    } finally {
      app.stop();
    }
  }

  static String ms(Samples s) {
    return fmt(s.median()) + " (p99 " + fmt(s.p99()) + ")";
  }

  static String fmt(double ms) {
    return ms >= 100 ? String.format("%.0f ms", ms) : String.format("%.2f ms", ms);
  }
}
