package dev.skiff.kubernetes.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.identity.ProfileQuota;
import org.junit.jupiter.api.Test;

class ProfileSyncTest {

  @Test
  void skiffQuotasBecomeResourceQuotaHardLimits() {
    var spec = ProfileSync.quotaSpec(new ProfileQuota(3, 4500L, 17179869184L, 2, 1));
    assertThat(spec.getHard())
        .containsOnlyKeys(
            "requests.cpu",
            "requests.memory",
            "requests.nvidia.com/gpu",
            "count/notebooks.kubeflow.org");
    assertThat(spec.getHard().get("requests.cpu").toString()).isEqualTo("4500m");
    assertThat(spec.getHard().get("requests.memory").toString()).isEqualTo("17179869184");
    assertThat(spec.getHard().get("requests.nvidia.com/gpu").toString()).isEqualTo("2");
    assertThat(spec.getHard().get("count/notebooks.kubeflow.org").toString()).isEqualTo("1");
  }

  @Test
  void anUnlimitedQuotaIsNoQuotaAndStepsAloneAreLeftToTheEngine() {
    assertThat(ProfileSync.quotaSpec(ProfileQuota.NONE)).isNull();
    assertThat(ProfileSync.quotaSpec(new ProfileQuota(5, null, null, null, null))).isNull();
  }
}
