package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.model.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelTest {

  @Test
  void retry_backoff_grows_by_the_factor_up_to_the_cap() {
    RetryPolicy r = new RetryPolicy(5, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(35));
    assertThat(r.backoffBefore(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.backoffBefore(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(r.backoffBefore(3)).isEqualTo(Duration.ofSeconds(35));
  }

  @Test
  void resource_strings_win_over_deprecated_numbers() {
    ResourceSpec r = new ResourceSpec("", "250m", "", "", Optional.empty(), 1.5, 0, 0, 0.5);
    assertThat(r.effectiveCpuLimit()).contains("1.5");
    assertThat(r.effectiveCpuRequest()).contains("250m");
    assertThat(r.effectiveMemoryLimit()).isEmpty();
    assertThat(r.effectiveMemoryRequest()).contains("0.5G");
  }

  @Test
  void parameter_types_read_current_legacy_and_numeric_spellings() {
    assertThat(ParameterType.fromIr("NUMBER_INTEGER")).contains(ParameterType.NUMBER_INTEGER);
    assertThat(ParameterType.fromIr("PARAMETER_TYPE_ENUM_UNSPECIFIED"))
        .contains(ParameterType.UNSPECIFIED);
    assertThat(ParameterType.fromIr("5")).contains(ParameterType.LIST);
    assertThat(ParameterType.fromIr("FLOAT")).isEmpty();
    assertThat(ParameterType.fromLegacy("INT")).contains(ParameterType.NUMBER_INTEGER);
    assertThat(ParameterType.fromLegacy("DOUBLE")).contains(ParameterType.NUMBER_DOUBLE);
    assertThat(ParameterType.fromLegacy("STRING")).contains(ParameterType.STRING);
  }
}
