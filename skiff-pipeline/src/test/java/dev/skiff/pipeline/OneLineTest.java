package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.value.ParameterValueException;
import org.junit.jupiter.api.Test;

class OneLineTest {

  @Test
  void control_characters_are_escaped_and_the_rest_kept() {
    assertThat(OneLine.of("no parameter 'a\nb\r\tc\u0000d' (café)"))
        .isEqualTo("no parameter 'a\\nb\\r\\tc\\u0000d' (café)");
    assertThat(OneLine.of(null)).isNull();
    assertThat(new ParameterValueException("parameter 'x\ny' is unknown").getMessage())
        .isEqualTo("parameter 'x\\ny' is unknown");
  }
}
