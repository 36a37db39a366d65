package dev.skiff.kubernetes.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the init container's command with this machine's sh and python3, as the pod would. */
class KfpContextInitTest {
  @TempDir Path home;

  private void run(Container c, Path tokenFile) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")), "python3 not installed: skipping");
    ProcessBuilder pb = new ProcessBuilder(c.getCommand());
    for (EnvVar e : c.getEnv()) {
      pb.environment().put(e.getName(), e.getValue());
    }
    pb.environment().put("HOME", home.toString());
    pb.environment().put("KFP_TOKEN_FILE", tokenFile.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void writesTheContextKeepingTheUsersKeys() throws Exception {
    Path token = home.resolve("token");
    Files.writeString(token, "secret-kfp-token\n");
    Path file = home.resolve(".config/kfp/context.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"namespace\": \"old\", \"mine\": 1}");
    Container c = KfpContextInit.of("img", "team-a", "/var/run/secrets/skiff/kfp/token");

    run(c, token);

    Map<String, Object> context =
        new ObjectMapper()
            .readValue(
                file.toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    assertThat(context)
        .containsEntry("namespace", "team-a")
        .containsEntry("mine", 1)
        .containsEntry("client_authentication_header_name", "Authorization")
        .containsEntry("client_authentication_header_value", "Bearer secret-kfp-token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aFileThatIsNotAnObjectIsReplacedAndAFailureDoesNotFailThePod() throws Exception {
    Path token = home.resolve("token");
    Files.writeString(token, "t");
    Path file = home.resolve(".config/kfp/context.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[1, 2");
    Container c = KfpContextInit.of("img", "team-a", "/x");

    run(c, token);
    assertThat(
            new ObjectMapper()
                .readValue(
                    file.toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}))
        .containsEntry("namespace", "team-a");

    run(c, home.resolve("no-such-token")); // exits 0 all the same
  }
}
