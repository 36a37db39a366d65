package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.ResourceRequest;
import java.util.List;
import java.util.Optional;

/**
 * The local machine's resources for holders that are not pipeline steps (notebook servers): the
 * same CPU, memory and GPU pool the {@link LocalProcessExecutor} admits steps against, so a GPU a
 * notebook holds is not given to a step, and the reverse. Thread-safe.
 */
public interface MachineReservations {

  /** Why {@code request} can never fit on this machine, or empty (see {@link Admission}). */
  Optional<String> unschedulable(ResourceRequest request);

  /**
   * Takes {@code request} now when it fits in what is free.
   *
   * @return the reservation, or the reason it must wait (e.g. {@code waiting for 1 GPU: 2 of 2 in
   *     use})
   */
  Reserved reserve(ResourceRequest request);

  /** Why {@code request} would wait now (what is short), or empty when it fits now. */
  Optional<String> shortage(ResourceRequest request);

  /** Counts resources a holder found running again (after a restart) holds, whatever is free. */
  Admission.Reservation claim(long cpuMillis, long memoryBytes, List<String> gpuIds);

  /** Gives resources back; waiting steps that fit now start. */
  void release(Admission.Reservation reservation);

  /** How many GPUs no step or server holds now. */
  int freeGpus();

  /** What the machine has. */
  MachineCapacity capacity();

  /** The answer of {@link #reserve}. */
  sealed interface Reserved {
    /** Taken. */
    record Taken(Admission.Reservation reservation) implements Reserved {}

    /** Not free now. */
    record Busy(String reason) implements Reserved {}
  }
}
