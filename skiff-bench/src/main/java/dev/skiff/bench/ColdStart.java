package dev.skiff.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;

/**
 * B10: server cold start, from launching {@code java -jar skiff.jar server} (fresh home: the
 * database is created and migrated) to the first 200 from {@code /readyz}. Baseline: {@code java
 * Hello} on the same JVM, interleaved with the platform runs. Gates: median ≤ 1.5 s and ≤ 30 ×
 * {@code java Hello}. Measured plain, with the class-data-sharing archive {@code ./skiff} uses on
 * JDK 21-24, and on JDK 25+ with the ahead-of-time cache it uses there (trained by one server run,
 * as the launcher's first {@code skiff up} does).
 */
final class ColdStart {
  private static final Pattern READY = Pattern.compile("ready at (http://\\S+)");

  private final Path work;
  private final Path jar;
  private final int reps;
  private final HttpClient http = HttpClient.newHttpClient();
  private int homes;

  ColdStart(Path work, Path jar, int reps) {
    this.work = work;
    this.jar = jar;
    this.reps = reps;
  }

  void run(Table table) throws Exception {
    Path helloDir = compileHello();
    Path cds = work.resolve("skiff.jsa");
    List<String> hello = List.of(Tools.java(), "-cp", helloDir.toString(), "Hello");
    List<String> plain = List.of(Tools.java(), "-jar", jar.toString());
    List<String> withCds =
        List.of(
            Tools.java(),
            "-XX:+AutoCreateSharedArchive",
            "-XX:SharedArchiveFile=" + cds,
            "-Xmx768m",
            "-jar",
            jar.toString());
    boolean aotCache = Runtime.version().feature() >= 25;
    Path aot = work.resolve("skiff.aot");
    List<String> withAot =
        List.of(
            Tools.java(),
            "-XX:AOTCache=" + aot,
            "-Xlog:aot=off",
            "-Xlog:cds=off",
            "-Xmx768m",
            "-jar",
            jar.toString());

    // Warm-up: disk cache; the first runs write the CDS archive and the AOT cache (training).
    timeProcess(hello);
    timeServer(plain);
    timeServer(withCds);
    if (aotCache) {
      timeServer(
          List.of(
              Tools.java(),
              "-XX:AOTCacheOutput=" + aot,
              "-Xlog:aot=off",
              "-Xmx768m",
              "-jar",
              jar.toString()));
    }

    Samples base = new Samples();
    Samples server = new Samples();
    Samples serverCds = new Samples();
    Samples serverAot = new Samples();
    for (int i = 0; i < reps; i++) {
      base.add(timeProcess(hello));
      server.add(timeServer(plain));
      serverCds.add(timeServer(withCds));
      if (aotCache && Files.isRegularFile(aot)) {
        serverAot.add(timeServer(withAot));
      }
    }
    table.add(Row.report("B10", "`java Hello` (baseline)", Calibration.ms(base)));
    // The gate is on what ./skiff runs on this JDK; the other configurations are for comparison.
    boolean launcherUsesAot = serverAot.count() > 0;
    table.add(row("server start -> /readyz 200 (java -jar)", base, server, false));
    table.add(
        row(
            "server start -> /readyz 200 (./skiff on JDK 21-24: CDS archive)",
            base,
            serverCds,
            !launcherUsesAot));
    if (launcherUsesAot) {
      table.add(
          row(
              "server start -> /readyz 200 (./skiff on JDK 25+: AOT cache)",
              base,
              serverAot,
              true));
    }
  }

  private static Row row(String what, Samples base, Samples platform, boolean gated) {
    double r = platform.median() / base.median();
    Boolean pass = gated ? platform.median() <= 1500 && r <= 30 : null;
    return new Row(
        "B10",
        what,
        Calibration.fmt(base.median()),
        Calibration.fmt(platform.median()) + " (max " + Calibration.fmt(platform.p99()) + ")",
        String.format("%.1f", r),
        "Kubeflow install: minutes",
        gated ? "≤ 1.5 s and R ≤ 30" : "report only",
        pass);
  }

  private double timeProcess(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    return (System.nanoTime() - t0) / 1e6;
  }

  private double timeServer(List<String> javaJar) throws Exception {
    Path home = work.resolve("home-" + homes++);
    List<String> command = new ArrayList<>(javaJar);
    command.addAll(List.of("server", "--port", "0", "--home", home.toString()));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String url = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = READY.matcher(line);
        if (m.find()) {
          url = m.group(1);
          break;
        }
      }
      if (url == null) {
        throw new IOException("server did not print its URL; exit " + p.waitFor());
      }
      HttpRequest ready = HttpRequest.newBuilder(URI.create(url).resolve("/readyz")).build();
      while (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
        Thread.sleep(5);
      }
      return (System.nanoTime() - t0) / 1e6;
    } finally {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private Path compileHello() throws IOException {
    Path dir = Files.createDirectories(work.resolve("hello"));
    Path src = dir.resolve("Hello.java");
    Files.writeString(
        src,
        "public class Hello { public static void main(String[] a) {"
            + " System.out.println(\"hello\"); } }");
    var javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null || javac.run(null, null, null, "-d", dir.toString(), src.toString()) != 0) {
      throw new IOException("cannot compile Hello.java: run the benchmark on a JDK, not a JRE");
    }
    return dir;
  }
}
