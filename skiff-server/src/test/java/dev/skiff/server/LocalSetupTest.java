package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalSetupTest {
  @Test
  void profile_names_follow_kubeflow_registration_rules() {
    assertThat(LocalSetup.profileNameFor("root")).isEqualTo("root");
    assertThat(LocalSetup.profileNameFor("Ada.Lovelace@example.com")).isEqualTo("ada-lovelace");
    assertThat(LocalSetup.profileNameFor("__")).isEqualTo("default");
    assertThat(LocalSetup.profileNameFor("x".repeat(80))).hasSize(63);
  }
}
