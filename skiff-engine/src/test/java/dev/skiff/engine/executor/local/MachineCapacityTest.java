package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineCapacityTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = MachineCapacityTest.class.getResourceAsStream("/executor/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void parses_gpu_lines_of_nvidia_smi_and_ignores_mig_devices() throws IOException {
    List<NvidiaSmi.Gpu> gpus = NvidiaSmi.parse(resource("nvidia-smi-L.txt"));
    assertThat(gpus)
        .containsExactly(
            new NvidiaSmi.Gpu(0, "NVIDIA H200", "GPU-8f6b3c1e-2d4a-4b7e-9c1d-0a1b2c3d4e5f"),
            new NvidiaSmi.Gpu(
                1, "NVIDIA A100-SXM4-40GB", "GPU-11111111-2222-3333-4444-555555555555"),
            new NvidiaSmi.Gpu(2, "Tesla T4", "GPU-99999999-8888-7777-6666-555555555555"));
    assertThat(NvidiaSmi.parse("")).isEmpty();
    assertThat(
            NvidiaSmi.parse(
                "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."))
        .isEmpty();
  }

  @Test
  void the_servers_own_cuda_visible_devices_limits_the_pool() throws IOException {
    List<NvidiaSmi.Gpu> gpus = NvidiaSmi.parse(resource("nvidia-smi-L.txt"));
    assertThat(MachineCapacity.visibleGpus(gpus, null)).containsExactly("0", "1", "2");
    assertThat(MachineCapacity.visibleGpus(gpus, "2, 0")).containsExactly("2", "0");
    assertThat(MachineCapacity.visibleGpus(gpus, "GPU-11111111-2222-3333-4444-555555555555,7"))
        .containsExactly("GPU-11111111-2222-3333-4444-555555555555");
    assertThat(MachineCapacity.visibleGpus(gpus, "")).isEmpty();
    MachineCapacity c =
        MachineCapacity.detect(
            new NvidiaSmi.Detection(gpus, "nvidia-smi found 3"),
            Map.of("CUDA_VISIBLE_DEVICES", "1"));
    assertThat(c.gpus()).containsExactly("1");
    assertThat(c.gpuSource())
        .isEqualTo("nvidia-smi found 3, 1 visible through CUDA_VISIBLE_DEVICES");
    assertThat(c.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.memoryBytes()).isPositive();
  }

  @Test
  void detection_on_this_machine_never_fails() {
    NvidiaSmi.Detection d = NvidiaSmi.detect();
    assertThat(d.summary()).startsWith("nvidia-smi");
    assertThat(d.gpus().isEmpty()).isEqualTo(!d.summary().matches("nvidia-smi found \\d+"));
  }

  @Test
  void reads_mem_total_from_meminfo() {
    assertThat(MachineCapacity.memTotal("MemTotal:       24683620 kB\nMemFree: 1 kB\n"))
        .isEqualTo(24683620L * 1024);
    assertThatThrownBy(() -> MachineCapacity.memTotal("MemFree: 1 kB"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_capacity_by_hand_numbers_its_gpus() {
    MachineCapacity c = MachineCapacity.of(2, 1 << 30, 2);
    assertThat(c.gpus()).containsExactly("0", "1");
    assertThat(c.gpuCount()).isEqualTo(2);
    assertThat(c.gpuSource()).isEqualTo("set by configuration");
    assertThatThrownBy(() -> MachineCapacity.of(0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
