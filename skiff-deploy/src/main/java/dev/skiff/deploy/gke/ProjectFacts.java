package dev.skiff.deploy.gke;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the preflight knows of the project: the outputs of the four gcloud commands in {@link
 * FactsReader#FILES}.
 *
 * @param region the region's name
 * @param zones the region's zones, by name
 * @param regionQuotas the region's quotas by metric
 * @param projectQuotas the project-wide quotas by metric (CPUS_ALL_REGIONS, GPUS_ALL_REGIONS, ...)
 * @param projectNumber the project's number, when the facts reveal it (the default compute service
 *     account's name, or the services' parent)
 * @param accelerators the accelerator types offered, zone by zone
 * @param enabledServices the enabled APIs, e.g. {@code compute.googleapis.com}
 */
public record ProjectFacts(
    String region,
    List<String> zones,
    Map<String, Quota> regionQuotas,
    Map<String, Quota> projectQuotas,
    Optional<String> projectNumber,
    List<AcceleratorOffer> accelerators,
    Set<String> enabledServices) {
  public ProjectFacts {
    zones = List.copyOf(zones);
    regionQuotas = Map.copyOf(regionQuotas);
    projectQuotas = Map.copyOf(projectQuotas);
    accelerators = List.copyOf(accelerators);
    enabledServices = Set.copyOf(enabledServices);
  }

  /** The accelerator types offered in {@code zone}, sorted. */
  public List<String> acceleratorsIn(String zone) {
    return accelerators.stream()
        .filter(a -> a.zone().equals(zone))
        .map(AcceleratorOffer::type)
        .distinct()
        .sorted()
        .toList();
  }
}
