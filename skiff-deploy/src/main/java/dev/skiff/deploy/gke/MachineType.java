package dev.skiff.deploy.gke;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Compute Engine machine type Skiff knows the size of: its family ({@code e2}, {@code n1}, ...)
 * and its vCPU count, which is what the {@code CPUS} quotas count.
 *
 * @param name e.g. {@code e2-standard-4}
 * @param family the part before the first {@code -}
 * @param vcpus virtual CPUs per node
 */
public record MachineType(String name, String family, int vcpus) {
  private static final Pattern SIZED =
      Pattern.compile("([a-z][a-z0-9]*)-(standard|highmem|highcpu)-(\\d+)");
  private static final Pattern ACCELERATOR_OPTIMIZED =
      Pattern.compile("(a2|a3)-(highgpu|ultragpu|megagpu)-(\\d+)g");

  /** The sizes each family offers in its standard, highmem and highcpu shapes. */
  private static final Map<String, List<Integer>> SIZES =
      Map.of(
          "e2", List.of(2, 4, 8, 16, 32),
          "n1", List.of(1, 2, 4, 8, 16, 32, 64, 96),
          "n2", List.of(2, 4, 8, 16, 32, 48, 64, 80, 96, 128),
          "n2d", List.of(2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224),
          "g2", List.of(4, 8, 12, 16, 24, 32, 48, 96));

  /** vCPUs per GPU on the accelerator-optimized families (a2: 12 per A100, a3: 26 per H100). */
  private static final Map<String, Integer> VCPUS_PER_GPU = Map.of("a2", 12, "a3", 26);

  /** The machine type called {@code name}, or empty when Skiff does not know its size. */
  public static Optional<MachineType> of(String name) {
    Matcher m = SIZED.matcher(name);
    if (m.matches()) {
      List<Integer> sizes = SIZES.get(m.group(1));
      int n = Integer.parseInt(m.group(3));
      boolean g2Shape = !m.group(1).equals("g2") || m.group(2).equals("standard");
      return sizes != null && sizes.contains(n) && g2Shape
          ? Optional.of(new MachineType(name, m.group(1), n))
          : Optional.empty();
    }
    Matcher a = ACCELERATOR_OPTIMIZED.matcher(name);
    if (a.matches()) {
      int gpus = Integer.parseInt(a.group(3));
      boolean known =
          switch (a.group(1) + "-" + a.group(2)) {
            case "a2-highgpu" -> List.of(1, 2, 4, 8).contains(gpus);
            case "a2-ultragpu" -> List.of(1, 2, 4, 8).contains(gpus);
            case "a2-megagpu" -> gpus == 16;
            case "a3-highgpu" -> List.of(1, 2, 4, 8).contains(gpus);
            default -> false;
          };
      int vcpus =
          Math.min(VCPUS_PER_GPU.get(a.group(1)) * gpus, a.group(1).equals("a2") ? 96 : 208);
      return known ? Optional.of(new MachineType(name, a.group(1), vcpus)) : Optional.empty();
    }
    return Optional.empty();
  }

  /** The family of a machine type name, known or not: the part before the first {@code -}. */
  public static String familyOf(String name) {
    int dash = name.indexOf('-');
    return dash < 0 ? name : name.substring(0, dash);
  }

  /**
   * The regional quota metric that counts this family's vCPUs besides {@code CPUS_ALL_REGIONS}:
   * {@code CPUS} for N1 and E2, {@code <FAMILY>_CPUS} for the others (N2_CPUS, G2_CPUS, ...).
   */
  public String cpuQuotaMetric() {
    return family.equals("n1") || family.equals("e2")
        ? "CPUS"
        : family.toUpperCase(java.util.Locale.ROOT) + "_CPUS";
  }
}
