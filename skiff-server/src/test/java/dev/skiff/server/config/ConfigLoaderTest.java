package dev.skiff.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.config.ConfigLoader.Overrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path home;

  private Overrides homeOnly() {
    return new Overrides(home, null, null, null, null, null, null);
  }

  private void yaml(String text) throws IOException {
    Files.writeString(home.resolve("skiff.yaml"), text);
  }

  @Test
  void defaults_without_file_env_or_flags() {
    SkiffConfig c = ConfigLoader.load(homeOnly(), Map.of());
    assertThat(c.home()).isEqualTo(home.toAbsolutePath());
    assertThat(c.http().host()).isEqualTo("127.0.0.1");
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.http().shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.database().url()).isNull();
  }

  @Test
  void engine_limits_have_defaults_and_come_from_the_file_and_env() throws IOException {
    SkiffConfig.Engine d = ConfigLoader.load(homeOnly(), Map.of()).engine();
    assertThat(d.maxDrivenRuns())
        .isEqualTo(dev.skiff.engine.drive.RunLimits.defaultMaxDrivenRuns());
    assertThat(d.maxPendingRuns()).isEqualTo(10_000);
    assertThat(d.maxPipelineBytes()).isEqualTo(32L << 20);

    yaml(
        """
        engine:
          maxDrivenRuns: 8
          maxPendingRuns: 50
          maxPipelineBytes: 4MiB
        """);
    SkiffConfig.Engine f = ConfigLoader.load(homeOnly(), Map.of()).engine();
    assertThat(f.maxDrivenRuns()).isEqualTo(8);
    assertThat(f.maxPendingRuns()).isEqualTo(50);
    assertThat(f.maxPipelineBytes()).isEqualTo(4L << 20);
    assertThat(f.limits().pipeline().maxBytes()).isEqualTo(4L << 20);

    SkiffConfig.Engine e =
        ConfigLoader.load(
                homeOnly(),
                Map.of(
                    "SKIFF_MAX_DRIVEN_RUNS", "3",
                    "SKIFF_MAX_PENDING_RUNS", "0",
                    "SKIFF_MAX_PIPELINE_BYTES", "65536"))
            .engine();
    assertThat(e.maxDrivenRuns()).isEqualTo(3);
    assertThat(e.maxPendingRuns()).isZero();
    assertThat(e.maxPipelineBytes()).isEqualTo(65536);
    assertThat(ConfigLoader.load(homeOnly(), Map.of("SKIFF_MAX_PIPELINE_BYTES", "64m")).engine())
        .extracting(SkiffConfig.Engine::maxPipelineBytes)
        .isEqualTo(64L << 20);
  }

  @Test
  void bad_engine_limits_name_the_setting() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of("SKIFF_MAX_DRIVEN_RUNS", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SKIFF_MAX_DRIVEN_RUNS: must be a whole number from 1 to 100000, got '0'");
    yaml("engine:\n  maxPipelineBytes: lots\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("skiff.yaml:2: engine.maxPipelineBytes: must be a size")
        .hasMessageContaining("got 'lots'");
    yaml("engine:\n  maxPipelineBytes: 2g\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("from 1 byte to 1 GiB");
  }

  @Test
  void home_comes_from_env_when_no_flag() {
    SkiffConfig c = ConfigLoader.load(Overrides.none(), Map.of("SKIFF_HOME", home.toString()));
    assertThat(c.home()).isEqualTo(home.toAbsolutePath());
  }

  @Test
  void local_mode_refuses_an_address_other_machines_reach() throws IOException {
    yaml(
        """
        server:
          host: 0.0.0.0
        """);
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("skiff.yaml:2: server.host")
        .hasMessageContaining("auth.mode local");
  }

  @Test
  void sign_in_modes_need_their_settings() throws IOException {
    yaml("auth:\n  mode: oidc\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .hasMessageContaining("auth.externalUrl")
        .hasMessageContaining("required");
    yaml("auth:\n  mode: iap\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .hasMessageContaining("auth.iap.audience");
    yaml("auth:\n  mode: iap\n  iap:\n    audience: /projects/123/global/backendServices/456\n");
    SkiffConfig iap = ConfigLoader.load(homeOnly(), Map.of());
    assertThat(iap.auth().iap().audience()).isEqualTo("/projects/123/global/backendServices/456");
    assertThat(iap.auth().iap().jwksUrl()).isEqualTo(AuthSettings.GOOGLE_IAP_JWKS);
    yaml("auth:\n  mode: proxy\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .hasMessageContaining("auth.proxy.trustedAddresses");
    yaml("auth:\n  mode: kerberos\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .hasMessageContaining("skiff.yaml:2: auth.mode: must be local, oidc, iap or proxy");
  }

  @Test
  void file_then_env_then_flags_take_precedence() throws IOException {
    yaml(
        """
        server:
          host: 0.0.0.0
          port: 9000
          shutdownTimeout: 2s
        database:
          url: jdbc:postgresql://db:5432/skiff
          user: fromfile
        auth:
          mode: proxy
          proxy:
            trustedAddresses: 10.0.0.1
        """);
    SkiffConfig fromFile = ConfigLoader.load(homeOnly(), Map.of());
    assertThat(fromFile.http().host()).isEqualTo("0.0.0.0");
    assertThat(fromFile.http().port()).isEqualTo(9000);
    assertThat(fromFile.http().shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fromFile.database().url()).isEqualTo("jdbc:postgresql://db:5432/skiff");

    SkiffConfig fromEnv =
        ConfigLoader.load(homeOnly(), Map.of("SKIFF_PORT", "9100", "SKIFF_DB_USER", "envuser"));
    assertThat(fromEnv.http().port()).isEqualTo(9100);
    assertThat(fromEnv.database().user()).isEqualTo("envuser");

    SkiffConfig fromFlags =
        ConfigLoader.load(
            new Overrides(home, null, "localhost", 9200, null, "flaguser", "secret"),
            Map.of("SKIFF_PORT", "9100"));
    assertThat(fromFlags.http().port()).isEqualTo(9200);
    assertThat(fromFlags.http().host()).isEqualTo("localhost");
    assertThat(fromFlags.database().user()).isEqualTo("flaguser");
    assertThat(fromFlags.database().toString()).doesNotContain("secret");
  }

  @Test
  void bad_port_in_file_names_file_line_and_key() throws IOException {
    yaml("server:\n  host: 127.0.0.1\n  port: eighty\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("skiff.yaml:3: server.port: must be a port number 0..65535, got 'eighty'");
  }

  @Test
  void port_out_of_range_from_env_names_the_variable() {
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of("SKIFF_PORT", "70000")))
        .hasMessage("SKIFF_PORT: must be a port number 0..65535, got '70000'");
  }

  @Test
  void unknown_setting_is_rejected_with_its_line() throws IOException {
    yaml("server:\n  prot: 80\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .hasMessageStartingWith("skiff.yaml:2: unknown setting 'server.prot'");
  }

  @Test
  void malformed_yaml_gives_one_line_with_the_line_number() throws IOException {
    yaml("server:\n  port: 80\n   host: [oops\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("skiff.yaml:3: malformed YAML")
        .hasMessageNotContaining("\n");
  }

  @Test
  void bad_duration_and_unsupported_database_are_named() throws IOException {
    yaml("server:\n  shutdownTimeout: soon\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .hasMessageStartingWith("skiff.yaml:2: server.shutdownTimeout: must be a duration");
    Files.delete(home.resolve("skiff.yaml"));
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    new Overrides(home, null, null, null, "jdbc:mysql://x/y", null, null),
                    Map.of()))
        .hasMessageStartingWith("--db: unsupported database URL 'jdbc:mysql://x/y'");
  }

  @Test
  void explicit_config_file_must_exist() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    new Overrides(home, home.resolve("nope.yaml"), null, null, null, null, null),
                    Map.of()))
        .hasMessageStartingWith("--config: no such file");
  }

  @Test
  void retention_keeps_everything_by_default_and_reads_its_keys_and_env() throws IOException {
    SkiffConfig.Retention none = ConfigLoader.load(homeOnly(), Map.of()).retention();
    assertThat(none.policy().keepsAll()).isTrue();
    assertThat(none.interval()).isEqualTo(Duration.ofHours(1));

    yaml(
        """
        retention:
          runDays: 30
          logDays: 7
          runsPerPipeline: 100
          interval: 15m
        """);
    SkiffConfig.Retention r = ConfigLoader.load(homeOnly(), Map.of()).retention();
    assertThat(r.policy()).isEqualTo(new dev.skiff.engine.retention.RetentionPolicy(30, 7, 100));
    assertThat(r.interval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(
            ConfigLoader.load(homeOnly(), Map.of("SKIFF_RETENTION_LOG_DAYS", "2"))
                .retention()
                .policy()
                .logDays())
        .isEqualTo(2);
  }

  @Test
  void a_bad_retention_value_names_its_line() throws IOException {
    yaml("retention:\n  runDays: -3\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "skiff.yaml:2: retention.runDays: must be a whole number from 0 (no limit) to 10000,"
                + " got '-3'");
    yaml("retention:\n  interval: 0s\n");
    assertThatThrownBy(() -> ConfigLoader.load(homeOnly(), Map.of()))
        .hasMessage("skiff.yaml:2: retention.interval: must be at least 1s");
  }
}
