package dev.skiff.deploy.gke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The machine types whose vCPUs the CPU quotas count, and the GPU types' machine families. */
class MachineTypeTest {
  @Test
  void knows_the_vcpus_of_the_common_types() {
    assertThat(MachineType.of("e2-standard-2")).contains(new MachineType("e2-standard-2", "e2", 2));
    assertThat(MachineType.of("e2-standard-16").orElseThrow().vcpus()).isEqualTo(16);
    assertThat(MachineType.of("n1-standard-8").orElseThrow().vcpus()).isEqualTo(8);
    assertThat(MachineType.of("n2-standard-32").orElseThrow().vcpus()).isEqualTo(32);
    assertThat(MachineType.of("g2-standard-24").orElseThrow().vcpus()).isEqualTo(24);
    assertThat(MachineType.of("a2-highgpu-1g").orElseThrow().vcpus()).isEqualTo(12);
    assertThat(MachineType.of("a2-highgpu-8g").orElseThrow().vcpus()).isEqualTo(96);
    assertThat(MachineType.of("a2-megagpu-16g").orElseThrow().vcpus()).isEqualTo(96);
  }

  @Test
  void an_unknown_or_impossible_type_is_unknown() {
    assertThat(MachineType.of("e2-standard-3")).isEmpty();
    assertThat(MachineType.of("t2d-standard-4")).isEmpty();
    assertThat(MachineType.of("g2-highmem-4")).isEmpty();
    assertThat(MachineType.of("a2-highgpu-3g")).isEmpty();
  }

  @Test
  void each_family_has_its_own_regional_cpu_quota_except_n1_and_e2() {
    assertThat(MachineType.of("e2-standard-4").orElseThrow().cpuQuotaMetric()).isEqualTo("CPUS");
    assertThat(MachineType.of("n1-standard-4").orElseThrow().cpuQuotaMetric()).isEqualTo("CPUS");
    assertThat(MachineType.of("n2-standard-4").orElseThrow().cpuQuotaMetric()).isEqualTo("N2_CPUS");
    assertThat(MachineType.of("g2-standard-4").orElseThrow().cpuQuotaMetric()).isEqualTo("G2_CPUS");
  }

  @Test
  void gpu_types_get_the_smallest_machine_of_their_family() {
    assertThat(GpuType.of("nvidia-tesla-t4").orElseThrow().defaultMachineType(1))
        .contains("n1-standard-4");
    assertThat(GpuType.of("nvidia-l4").orElseThrow().defaultMachineType(1))
        .contains("g2-standard-4");
    assertThat(GpuType.of("nvidia-l4").orElseThrow().defaultMachineType(2))
        .contains("g2-standard-24");
    assertThat(GpuType.of("nvidia-tesla-a100").orElseThrow().defaultMachineType(2))
        .contains("a2-highgpu-2g");
    assertThat(GpuType.of("nvidia-a100-80gb").orElseThrow().defaultMachineType(1))
        .contains("a2-ultragpu-1g");
    assertThat(GpuType.of("nvidia-tesla-k80").orElseThrow().retired()).contains("end of life");
  }
}
