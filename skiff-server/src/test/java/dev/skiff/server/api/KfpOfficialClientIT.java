package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The held-back test: the official {@code kfp.Client} (Python SDK 2.x) against a real Skiff server,
 * every call it makes ({@code src/test/resources/kfp/client_calls.py}). It needs {@code python3}
 * with {@code kfp} installed ({@code pip install kfp}) and is skipped, saying so, where they are
 * missing.
 */
class KfpOfficialClientIT {
  @TempDir Path home;
  @TempDir Path work;

  private static boolean kfpInstalled() {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import kfp").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void every_kfp_client_call_succeeds() throws Exception {
    assumeTrue(
        kfpInstalled(),
        "skipped: the official kfp.Client is not installed here (python3 -c 'import kfp' fails);"
            + " install it with 'pip install kfp' to run this test");
    Files.writeString(work.resolve("greet.yaml"), ApiServer.resource("greet.json"));
    Files.writeString(work.resolve("retry.yaml"), ApiServer.resource("retry_run.yaml"));
    Path script = work.resolve("client_calls.py");
    try (InputStream in = getClass().getResourceAsStream("/kfp/client_calls.py")) {
      Files.write(script, in.readAllBytes());
    }
    try (ApiServer api =
        new ApiServer(
            home, new SkiffConfig.Database(null, null, null), AbstractCatalogApiIT.MAX_UPLOAD)) {
      String host = api.server.url().toString().replaceAll("/+$", "");
      Process p =
          new ProcessBuilder(
                  "python3",
                  script.toString(),
                  host,
                  TokenFile.read(home).orElseThrow(),
                  work.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains("calls succeeded");
    }
  }
}
