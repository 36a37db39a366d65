package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.executor.ResourceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reservations for holders that are not steps (notebook servers) share the steps' pool. */
class AdmissionReservationTest {
  private static final long GIB = 1L << 30;

  private static ResourceRequest gpus(int n) {
    return new ResourceRequest(0.5, GIB, "nvidia.com/gpu", n);
  }

  @Test
  void a_reservation_takes_gpus_exclusively_and_steps_then_wait_for_them() {
    Admission<String> a = new Admission<>(MachineCapacity.of(4, 8 * GIB, 2), 8, false, 32);
    Admission.Reservation first = a.reserve(gpus(1)).orElseThrow();
    Admission.Reservation second = a.reserve(gpus(1)).orElseThrow();
    assertThat(first.gpus()).containsExactly("0");
    assertThat(second.gpus()).containsExactly("1");
    assertThat(a.reserve(gpus(1))).isEmpty();
    assertThat(a.shortage(gpus(1))).contains("waiting for 1 GPU: 2 of 2 in use");
    assertThat(a.running()).as("reservations take no step slot").isZero();

    a.enqueue("step", gpus(1));
    assertThat(a.admit()).isEmpty();
    a.release(first);
    assertThat(a.admit()).extracting(Admission.Grant::gpus).containsExactly(List.of("0"));
    assertThat(a.freeCpuMillis()).isEqualTo(3000);
  }

  @Test
  void cpu_and_memory_shortages_are_named() {
    Admission<String> a = new Admission<>(MachineCapacity.of(2, 4 * GIB, 0), 8, false, 32);
    a.reserve(new ResourceRequest(1.5, GIB, null, 0)).orElseThrow();
    ResourceRequest big = new ResourceRequest(1, GIB, null, 0);
    assertThat(a.reserve(big)).isEmpty();
    assertThat(a.shortage(big)).contains("waiting for 1 CPUs: 0.5 of 2 free");
    ResourceRequest memory = new ResourceRequest(0, 4 * GIB, null, 0);
    assertThat(a.shortage(memory)).contains("waiting for 4 GiB of memory: 3 GiB of 4 GiB free");
  }

  @Test
  void a_claim_keeps_the_gpus_a_found_server_holds() {
    Admission<String> a = new Admission<>(MachineCapacity.of(4, 8 * GIB, 2), 8, false, 32);
    a.claim(500, GIB, List.of("1"));
    assertThat(a.freeGpus()).containsExactly("0");
    assertThat(a.reserve(gpus(1)).orElseThrow().gpus()).containsExactly("0");
  }

  @Test
  void more_than_the_machine_has_is_refused() {
    Admission<String> a = new Admission<>(MachineCapacity.of(4, 8 * GIB, 2), 8, false, 32);
    assertThatThrownBy(() -> a.reserve(gpus(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this machine has 2");
  }
}
