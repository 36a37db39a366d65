package dev.skiff.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.deploy.values.DeployValues;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Skiff's own components (server replicas and PostgreSQL) request at most 1 CPU and 1.5 GiB with
 * the default values; Kubeflow requests 4,380m and 12.3 GiB before the first notebook.
 */
class FootprintTest {

  @Test
  void the_default_install_requests_at_most_one_cpu_and_one_and_a_half_gib() {
    Footprint f = Footprint.of(InstallManifests.render(RenderFixtures.values("default")));
    System.out.println(f.line());
    assertThat(f.parts())
        .containsExactly("skiff-server 2 x 300m/512Mi", "skiff-postgres 1 x 200m/256Mi");
    assertThat(f.cpuMillis()).isEqualTo(800);
    assertThat(f.memoryBytes()).isEqualTo(1280L * 1024 * 1024);
    assertThat(f.withinBudget()).isTrue();
  }

  @Test
  void three_replicas_with_an_external_database_are_counted_and_more_is_over_budget() {
    Footprint f =
        Footprint.of(InstallManifests.render(RenderFixtures.values("gateway-external-db")));
    assertThat(f.parts()).containsExactly("skiff-server 3 x 300m/512Mi");
    assertThat(f.line()).contains("900m CPU, 1536Mi memory requested", ": within");
    Footprint four =
        Footprint.of(
            InstallManifests.render(
                DeployValues.parse(
                    "four.yaml",
                    """
                    image: skiff:1
                    replicas: 4
                    artifacts: {bucket: b1}
                    auth: {mode: proxy, proxy: {trustedAddresses: 10.0.0.1}}
                    """)));
    assertThat(four.withinBudget()).isFalse();
    assertThat(four.line()).contains("1400m CPU, 2304Mi", ": OVER");
  }

  @Test
  void objects_without_workloads_request_nothing() {
    assertThat(Footprint.of(List.of()).line()).startsWith("footprint: 0m CPU, 0Mi");
  }
}
