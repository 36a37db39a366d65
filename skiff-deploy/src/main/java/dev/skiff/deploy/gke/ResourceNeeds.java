package dev.skiff.deploy.gke;

import java.util.Optional;

/**
 * What the cluster takes from the project's quotas, counted the way Compute Engine counts it: a
 * regional cluster has every pool's nodes in each zone (F1), every node holds one in-use external
 * address, and the GPU pool is counted at its maximum size.
 *
 * @param zones the zones the nodes spread over (1 for a zonal cluster)
 * @param zonesAssumed whether {@code zones} is the usual 3 because the region's facts were not read
 * @param cpuMachine the CPU pool's machine type, if Skiff knows its size
 * @param cpuNodes the CPU pool's nodes in all zones
 * @param gpuMachine the GPU pool's machine type, if there is a pool and Skiff knows its size
 * @param gpuNodes the GPU pool's largest size in all zones (0 without a GPU pool)
 * @param gpus the GPUs at that size
 */
public record ResourceNeeds(
    int zones,
    boolean zonesAssumed,
    Optional<MachineType> cpuMachine,
    int cpuNodes,
    Optional<MachineType> gpuMachine,
    int gpuNodes,
    int gpus) {
  /** Boot disk of a CPU node (pd-balanced, counted by SSD_TOTAL_GB). */
  public static final int CPU_BOOT_DISK_GB = 50;

  /** Boot disk of a GPU node: CUDA images are large. */
  public static final int GPU_BOOT_DISK_GB = 100;

  /** A regional cluster's zones when the region's own list is not known. */
  public static final int USUAL_REGION_ZONES = 3;

  /** Counts what {@code request} needs when its region has {@code regionZones} zones (or empty). */
  public static ResourceNeeds of(GkePlanRequest request, Optional<Integer> regionZones) {
    boolean regional = request.location() instanceof Location.Region;
    int zones = regional ? regionZones.orElse(USUAL_REGION_ZONES) : 1;
    int gpuNodes = request.gpu().map(g -> g.maxNodes() * zones).orElse(0);
    return new ResourceNeeds(
        zones,
        regional && regionZones.isEmpty(),
        MachineType.of(request.machineType()),
        request.nodes() * zones,
        request.gpuMachine().flatMap(MachineType::of),
        gpuNodes,
        request.gpu().map(g -> g.count() * gpuNodes).orElse(0));
  }

  /** The CPU pool's vCPUs, if its machine type is known. */
  public Optional<Integer> cpuPoolVcpus() {
    return cpuMachine.map(m -> m.vcpus() * cpuNodes);
  }

  /** The GPU pool's vCPUs at its largest, if its machine type is known (0 without a pool). */
  public Optional<Integer> gpuPoolVcpus() {
    return gpuNodes == 0 ? Optional.of(0) : gpuMachine.map(m -> m.vcpus() * gpuNodes);
  }

  /** Every node's vCPUs, if both machine types are known. */
  public Optional<Integer> totalVcpus() {
    return cpuPoolVcpus().flatMap(c -> gpuPoolVcpus().map(g -> c + g));
  }

  /** In-use external addresses: one per node (the nodes are not private). */
  public int inUseAddresses() {
    return cpuNodes + gpuNodes;
  }

  /** Boot disks in GB (pd-balanced: SSD_TOTAL_GB). */
  public int bootDiskGb() {
    return cpuNodes * CPU_BOOT_DISK_GB + gpuNodes * GPU_BOOT_DISK_GB;
  }
}
