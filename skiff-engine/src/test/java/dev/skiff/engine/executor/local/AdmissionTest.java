package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.executor.ResourceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private static final long GIB = 1L << 30;

  private static ResourceRequest cpus(double n) {
    return new ResourceRequest(n, 0, null, 0);
  }

  private static ResourceRequest gpus(int n) {
    return new ResourceRequest(0, 0, "nvidia.com/gpu", n);
  }

  private static List<String> keys(List<Admission.Grant<String>> grants) {
    return grants.stream().map(Admission.Grant::key).toList();
  }

  @Test
  void steps_that_ask_for_nothing_only_count_against_the_parallel_limit() {
    Admission<String> a = new Admission<>(MachineCapacity.of(1, GIB, 0), 2, false, 32);
    for (String k : List.of("a", "b", "c")) {
      a.enqueue(k, ResourceRequest.NONE);
    }
    List<Admission.Grant<String>> first = a.admit();
    assertThat(keys(first)).containsExactly("a", "b");
    assertThat(a.waiting()).isEqualTo(1);
    assertThat(a.freeCpuMillis()).isEqualTo(1000);
    a.release(first.getFirst());
    assertThat(keys(a.admit())).containsExactly("c");
  }

  @Test
  void a_step_waits_until_its_cpus_are_free() {
    Admission<String> a = new Admission<>(MachineCapacity.of(1, GIB, 0), 8, false, 32);
    a.enqueue("a", cpus(1));
    a.enqueue("b", cpus(1));
    List<Admission.Grant<String>> first = a.admit();
    assertThat(keys(first)).containsExactly("a");
    assertThat(a.admit()).isEmpty();
    a.release(first.getFirst());
    assertThat(keys(a.admit())).containsExactly("b");
  }

  @Test
  void fractional_cpus_and_memory_add_up_exactly() {
    Admission<String> a = new Admission<>(MachineCapacity.of(1, 4 * GIB, 0), 8, false, 32);
    a.enqueue("a", new ResourceRequest(0.5, 2 * GIB, null, 0));
    a.enqueue("b", new ResourceRequest(0.5, 2 * GIB, null, 0));
    a.enqueue("c", new ResourceRequest(0.001, 0, null, 0));
    a.enqueue("d", new ResourceRequest(0, 1, null, 0));
    assertThat(keys(a.admit())).containsExactly("a", "b");
    assertThat(a.freeCpuMillis()).isZero();
    assertThat(a.freeMemory()).isZero();
  }

  @Test
  void gpu_steps_get_distinct_gpus_lowest_first() {
    Admission<String> a = new Admission<>(MachineCapacity.of(4, GIB, 3), 8, false, 32);
    a.enqueue("one", gpus(1));
    a.enqueue("two", gpus(2));
    a.enqueue("three", gpus(1));
    a.enqueue("cpu", ResourceRequest.NONE);
    List<Admission.Grant<String>> g = a.admit();
    assertThat(keys(g)).containsExactly("one", "two", "cpu");
    assertThat(g.get(0).gpus()).containsExactly("0");
    assertThat(g.get(1).gpus()).containsExactly("1", "2");
    assertThat(g.get(2).gpus()).isEmpty();
    a.release(g.get(1));
    List<Admission.Grant<String>> next = a.admit();
    assertThat(keys(next)).containsExactly("three");
    assertThat(next.getFirst().gpus()).containsExactly("1");
    assertThat(a.freeGpus()).containsExactly("2");
  }

  @Test
  void an_accelerator_with_no_type_or_a_vertex_name_is_an_nvidia_gpu() {
    assertThat(Admission.isGpu(null)).isTrue();
    assertThat(Admission.isGpu("NVIDIA_TESLA_T4")).isTrue();
    assertThat(Admission.isGpu("nvidia.com/gpu")).isTrue();
    assertThat(Admission.isGpu("amd.com/gpu")).isFalse();
    assertThat(Admission.isGpu("TPU_V3")).isFalse();
  }

  @Test
  void a_step_bigger_than_the_machine_is_unschedulable_with_a_clear_message() {
    MachineCapacity none = new MachineCapacity(2, 8 * GIB, List.of(), "nvidia-smi found none");
    Admission<String> a = new Admission<>(none, 8, false, 32);
    assertThat(a.unschedulable(gpus(4)))
        .contains(
            "step asks for 4 nvidia.com/gpu but this machine has 0 (nvidia-smi found none);"
                + " pass --allow-oversubscribe to run it anyway");
    assertThat(a.unschedulable(cpus(3)))
        .contains(
            "step asks for 3 CPUs but this machine has 2;"
                + " pass --allow-oversubscribe to run it anyway");
    assertThat(a.unschedulable(new ResourceRequest(0, 12 * GIB + GIB / 2, null, 0)))
        .contains(
            "step asks for 12.5 GiB of memory but this machine has 8 GiB;"
                + " pass --allow-oversubscribe to run it anyway");
    assertThat(a.unschedulable(new ResourceRequest(0, 0, "amd.com/gpu", 1)))
        .hasValueSatisfying(
            m -> m.startsWith("step asks for 1 amd.com/gpu but this machine has 0"));
    assertThat(a.unschedulable(new ResourceRequest(2, 8 * GIB, null, 0))).isEmpty();
    assertThatThrownBy(() -> a.enqueue("x", gpus(1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oversubscription_caps_the_request_to_the_machine() {
    Admission<String> a = new Admission<>(MachineCapacity.of(2, GIB, 1), 8, true, 32);
    assertThat(a.unschedulable(gpus(4))).isEmpty();
    a.enqueue("big", new ResourceRequest(16, 64 * GIB, "nvidia.com/gpu", 4));
    a.enqueue("small", cpus(0.5));
    List<Admission.Grant<String>> g = a.admit();
    assertThat(keys(g)).containsExactly("big");
    assertThat(g.getFirst().cpuMillis()).isEqualTo(2000);
    assertThat(g.getFirst().memoryBytes()).isEqualTo(GIB);
    assertThat(g.getFirst().gpus()).containsExactly("0");
    a.release(g.getFirst());
    assertThat(keys(a.admit())).containsExactly("small");
  }

  @Test
  void smaller_steps_backfill_until_the_waiting_one_reserves_what_it_needs() {
    Admission<String> a = new Admission<>(MachineCapacity.of(2, GIB, 0), 8, false, 1);
    a.enqueue("a", cpus(1));
    Admission.Grant<String> ga = a.admit().getFirst();
    a.enqueue("big", cpus(2));
    a.enqueue("c", cpus(1));
    List<Admission.Grant<String>> g = a.admit();
    assertThat(keys(g)).as("c backfills past big").containsExactly("c");
    a.release(ga);
    a.enqueue("d", cpus(1));
    assertThat(a.admit()).as("big was bypassed once: d may not take the free core").isEmpty();
    a.release(g.getFirst());
    List<Admission.Grant<String>> next = a.admit();
    assertThat(keys(next)).containsExactly("big");
    a.release(next.getFirst());
    assertThat(keys(a.admit())).containsExactly("d");
  }

  @Test
  void a_reservation_still_lets_steps_through_that_take_none_of_what_it_waits_for() {
    Admission<String> a = new Admission<>(MachineCapacity.of(4, GIB, 1), 8, false, 0);
    a.enqueue("gpu-a", gpus(1));
    Admission.Grant<String> running = a.admit().getFirst();
    a.enqueue("gpu-b", gpus(1));
    a.enqueue("cpu", cpus(2));
    assertThat(keys(a.admit())).containsExactly("cpu");
    a.release(running);
    assertThat(keys(a.admit())).containsExactly("gpu-b");
  }

  @Test
  void slots_are_first_come_first_served() {
    Admission<String> a = new Admission<>(MachineCapacity.of(2, GIB, 0), 1, false, 32);
    a.enqueue("a", ResourceRequest.NONE);
    a.enqueue("b", cpus(1));
    a.enqueue("c", ResourceRequest.NONE);
    Admission.Grant<String> ga = a.admit().getFirst();
    assertThat(ga.key()).isEqualTo("a");
    a.release(ga);
    assertThat(keys(a.admit())).containsExactly("b");
  }

  @Test
  void a_waiting_step_can_be_removed() {
    Admission<String> a = new Admission<>(MachineCapacity.of(1, GIB, 0), 1, false, 32);
    a.enqueue("a", ResourceRequest.NONE);
    a.enqueue("b", ResourceRequest.NONE);
    Admission.Grant<String> ga = a.admit().getFirst();
    assertThat(a.remove("b")).isTrue();
    assertThat(a.remove("b")).isFalse();
    a.release(ga);
    assertThat(a.admit()).isEmpty();
    assertThat(a.running()).isZero();
    assertThatThrownBy(
            () -> {
              a.enqueue("x", ResourceRequest.NONE);
              a.enqueue("x", ResourceRequest.NONE);
            })
        .hasMessageContaining("already waiting");
  }

  @Test
  void bytes_read_well() {
    assertThat(Admission.bytes(512)).isEqualTo("512 bytes");
    assertThat(Admission.bytes(512L << 20)).isEqualTo("512 MiB");
    assertThat(Admission.bytes(GIB * 47 / 2)).isEqualTo("23.5 GiB");
  }
}
