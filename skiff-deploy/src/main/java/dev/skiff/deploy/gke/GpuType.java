package dev.skiff.deploy.gke;

import java.util.List;
import java.util.Optional;

/**
 * An NVIDIA accelerator type as gcloud names it, with the machine family it attaches to and the
 * regional quota that counts it.
 *
 * @param name gcloud's name, e.g. {@code nvidia-tesla-t4}
 * @param quotaMetric the regional quota, e.g. {@code NVIDIA_T4_GPUS}
 * @param family the machine family it needs ({@code n1}, {@code g2}, {@code a2}, {@code a3})
 * @param retired why it can no longer be used, or null
 */
public record GpuType(String name, String quotaMetric, String family, String retired) {
  /** The types Skiff plans for; K80 is listed only to say that it is gone (F10). */
  public static final List<GpuType> KNOWN =
      List.of(
          new GpuType("nvidia-tesla-t4", "NVIDIA_T4_GPUS", "n1", null),
          new GpuType("nvidia-l4", "NVIDIA_L4_GPUS", "g2", null),
          new GpuType("nvidia-tesla-v100", "NVIDIA_V100_GPUS", "n1", null),
          new GpuType("nvidia-tesla-p100", "NVIDIA_P100_GPUS", "n1", null),
          new GpuType("nvidia-tesla-p4", "NVIDIA_P4_GPUS", "n1", null),
          new GpuType("nvidia-tesla-a100", "NVIDIA_A100_GPUS", "a2", null),
          new GpuType("nvidia-a100-80gb", "NVIDIA_A100_80GB_GPUS", "a2", null),
          new GpuType("nvidia-h100-80gb", "NVIDIA_H100_GPUS", "a3", null),
          new GpuType(
              "nvidia-tesla-k80",
              "NVIDIA_K80_GPUS",
              "n1",
              "K80 reached end of life on Compute Engine on 2024-05-01; no zone offers it"));

  /** The type called {@code name}, or empty. */
  public static Optional<GpuType> of(String name) {
    return KNOWN.stream().filter(t -> t.name.equals(name)).findFirst();
  }

  /**
   * The smallest machine type of the right family for {@code count} of these on one node, or empty
   * when no machine type carries that many.
   */
  public Optional<String> defaultMachineType(int count) {
    return switch (family) {
      case "n1" ->
          List.of(1, 2, 4, 8).contains(count)
              ? Optional.of("n1-standard-" + Math.min(4 * count, 32))
              : Optional.empty();
      case "g2" ->
          switch (count) {
            case 1 -> Optional.of("g2-standard-4");
            case 2 -> Optional.of("g2-standard-24");
            case 4 -> Optional.of("g2-standard-48");
            case 8 -> Optional.of("g2-standard-96");
            default -> Optional.empty();
          };
      case "a2" -> {
        String shape = name.equals("nvidia-a100-80gb") ? "ultragpu" : "highgpu";
        yield List.of(1, 2, 4, 8).contains(count)
            ? Optional.of("a2-" + shape + "-" + count + "g")
            : count == 16 && shape.equals("highgpu")
                ? Optional.of("a2-megagpu-16g")
                : Optional.empty();
      }
      case "a3" ->
          List.of(1, 2, 4, 8).contains(count)
              ? Optional.of("a3-highgpu-" + count + "g")
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** The known types' names, comma-separated, for messages. */
  public static String knownNames() {
    return String.join(
        ", ", KNOWN.stream().filter(t -> t.retired == null).map(GpuType::name).toList());
  }
}
