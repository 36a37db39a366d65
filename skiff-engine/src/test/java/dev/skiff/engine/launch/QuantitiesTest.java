package dev.skiff.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {
  @Test
  void kubernetes_quantities_are_read_in_base_units() {
    assertThat(Quantities.cpus("500m")).isEqualTo(0.5);
    assertThat(Quantities.cpus("2")).isEqualTo(2.0);
    assertThat(Quantities.bytes("1.5Gi")).isEqualTo(1610612736L);
    assertThat(Quantities.bytes("512M")).isEqualTo(512_000_000L);
    assertThat(Quantities.bytes("1Ki")).isEqualTo(1024L);
    assertThat(Quantities.parse("1e3")).isEqualTo(1000.0);
  }

  @Test
  void a_bad_quantity_is_named() {
    assertThatThrownBy(() -> Quantities.parse("lots"))
        .hasMessage("'lots' is not a Kubernetes quantity");
  }
}
