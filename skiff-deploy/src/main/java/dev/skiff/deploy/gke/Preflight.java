package dev.skiff.deploy.gke;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a plan against the project's facts before anything is created, and reports every shortfall
 * at once with required vs available and the fix: the regional and project-wide CPU quotas
 * (multiplied by the zone count for a regional cluster, F1), in-use and static addresses, boot
 * disks, the GPU type's offer in each zone (F10), its machine family, the GPU quotas (F11), the
 * APIs, and the names' limits.
 */
public final class Preflight {
  private final GkePlanRequest request;
  private final PlanNames names;
  private final String quotasUrl;

  /** A preflight of {@code request}. */
  public Preflight(GkePlanRequest request) {
    this.request = request;
    this.names = PlanNames.of(request.project(), request.name());
    this.quotasUrl =
        "https://console.cloud.google.com/iam-admin/quotas?project=" + request.project();
  }

  /** The checks that need no facts (names); {@code skipped} says why the others did not run. */
  public PreflightReport withoutFacts(String skipped) {
    return new PreflightReport(NameLimits.check(names, request), skipped);
  }

  /** Every check, against {@code facts}. */
  public PreflightReport run(ProjectFacts facts) {
    ResourceNeeds needs = ResourceNeeds.of(request, Optional.of(facts.zones().size()));
    List<Finding> findings = new ArrayList<>(NameLimits.check(names, request));
    findings.addAll(location(facts));
    findings.addAll(cpus(needs, facts));
    findings.add(
        quota(
            "IN_USE_ADDRESSES (" + facts.region() + ")",
            facts.regionQuotas(),
            "IN_USE_ADDRESSES",
            needs.inUseAddresses(),
            "addresses: one external IP per node, " + nodesExplained(needs),
            regionalHint(needs)));
    if (facts.projectQuotas().containsKey("STATIC_ADDRESSES")) {
      findings.add(
          quota(
              "STATIC_ADDRESSES (global)",
              facts.projectQuotas(),
              "STATIC_ADDRESSES",
              1,
              "address: the global static IP " + names.address() + " for the load balancer",
              ""));
    }
    findings.add(
        quota(
            "SSD_TOTAL_GB (" + facts.region() + ")",
            facts.regionQuotas(),
            "SSD_TOTAL_GB",
            needs.bootDiskGb(),
            "GB of pd-balanced boot disks ("
                + needs.cpuNodes()
                + " × "
                + ResourceNeeds.CPU_BOOT_DISK_GB
                + " GB"
                + (needs.gpuNodes() > 0
                    ? " + " + needs.gpuNodes() + " × " + ResourceNeeds.GPU_BOOT_DISK_GB + " GB"
                    : "")
                + ")",
            regionalHint(needs)));
    request
        .gpu()
        .ifPresent(g -> findings.addAll(new GpuChecks(request, needs, facts, quotasUrl).check(g)));
    findings.add(apis(facts));
    return new PreflightReport(findings, null);
  }

  private List<Finding> location(ProjectFacts facts) {
    if (request.location() instanceof Location.Zone z && !facts.zones().contains(z.name())) {
      return List.of(
          Finding.problem(
              "Zone",
              z.name() + " is not a zone of " + facts.region(),
              "use one of " + String.join(", ", facts.zones())));
    }
    return List.of();
  }

  private List<Finding> cpus(ResourceNeeds needs, ProjectFacts facts) {
    List<Finding> findings = new ArrayList<>();
    Map<String, Integer> byMetric = new LinkedHashMap<>();
    Map<String, List<String>> why = new LinkedHashMap<>();
    addPool(
        byMetric,
        why,
        facts,
        needs.cpuMachine(),
        request.machineType(),
        needs.cpuNodes(),
        request.nodes(),
        needs,
        "CPU pool");
    if (needs.gpuNodes() > 0) {
      addPool(
          byMetric,
          why,
          facts,
          needs.gpuMachine(),
          request.gpuMachine().orElseThrow(),
          needs.gpuNodes(),
          request.gpu().orElseThrow().maxNodes(),
          needs,
          "GPU pool at its largest");
    }
    for (var e : byMetric.entrySet()) {
      findings.add(
          quota(
              e.getKey() + " (" + facts.region() + ")",
              facts.regionQuotas(),
              e.getKey(),
              e.getValue(),
              "vCPUs (" + String.join(" + ", why.get(e.getKey())) + ")",
              regionalHint(needs)));
    }
    if (!unknownMachines().isEmpty()) {
      findings.add(
          Finding.note(
              "CPUS",
              "Skiff does not know how many vCPUs "
                  + unknownMachines()
                  + " has, so it cannot count them",
              "check CPUS, CPUS_ALL_REGIONS and the family's quota by hand at " + quotasUrl));
    }
    Optional<Integer> total = needs.totalVcpus();
    if (total.isPresent()) {
      findings.add(
          quota(
              "CPUS_ALL_REGIONS (project)",
              facts.projectQuotas(),
              "CPUS_ALL_REGIONS",
              total.get(),
              "vCPUs in all regions",
              regionalHint(needs)));
    }
    return findings;
  }

  private void addPool(
      Map<String, Integer> byMetric,
      Map<String, List<String>> why,
      ProjectFacts facts,
      Optional<MachineType> machine,
      String typeName,
      int nodes,
      int perZone,
      ResourceNeeds needs,
      String pool) {
    if (machine.isEmpty()) {
      return;
    }
    MachineType m = machine.get();
    String metric =
        facts.regionQuotas().containsKey(m.cpuQuotaMetric()) ? m.cpuQuotaMetric() : "CPUS";
    byMetric.merge(metric, m.vcpus() * nodes, Integer::sum);
    why.computeIfAbsent(metric, k -> new ArrayList<>())
        .add(
            pool
                + ": "
                + (needs.zones() > 1
                    ? perZone + " nodes per zone × " + needs.zones() + " zones"
                    : nodes + (nodes == 1 ? " node" : " nodes"))
                + " × "
                + m.vcpus()
                + " vCPUs of "
                + typeName);
  }

  /** One quota: {@code needed} against what {@code quotas} has left of {@code metric}. */
  Finding quota(
      String check,
      Map<String, Quota> quotas,
      String metric,
      int needed,
      String what,
      String hint) {
    return quota(check, quotas, metric, needed, what, hint, quotasUrl);
  }

  static Finding quota(
      String check,
      Map<String, Quota> quotas,
      String metric,
      int needed,
      String what,
      String hint,
      String quotasUrl) {
    Quota q = quotas.get(metric);
    if (q == null) {
      return Finding.problem(
          check,
          "needs " + needed + " " + what + ", but the project lists no " + metric + " quota",
          "request it at " + quotasUrl + " (metric " + metric + ")");
    }
    String available =
        fmt(q.available()) + " (limit " + fmt(q.limit()) + ", in use " + fmt(q.usage()) + ")";
    if (q.available() >= needed) {
      return Finding.ok(check, "needs " + needed + " " + what + "; available " + available);
    }
    return Finding.problem(
        check,
        "needs " + needed + " " + what + "; available " + available,
        "request at least "
            + fmt(needed + q.usage())
            + " at "
            + quotasUrl
            + " (metric "
            + metric
            + ")"
            + hint);
  }

  private String unknownMachines() {
    List<String> unknown = new ArrayList<>();
    if (MachineType.of(request.machineType()).isEmpty()) {
      unknown.add(request.machineType());
    }
    request.gpuMachine().filter(t -> MachineType.of(t).isEmpty()).ifPresent(unknown::add);
    return String.join(" or ", unknown);
  }

  private String regionalHint(ResourceNeeds needs) {
    return needs.zones() > 1
        ? ", or plan a zonal cluster (--zone "
            + request.location().region()
            + "-a instead of --region): a regional one has every node in each of its "
            + needs.zones()
            + " zones"
        : "";
  }

  private static String nodesExplained(ResourceNeeds needs) {
    int nodes = needs.cpuNodes() + needs.gpuNodes();
    return nodes
        + (nodes == 1 ? " node" : " nodes")
        + (needs.zones() > 1 ? " across " + needs.zones() + " zones" : "");
  }

  private Finding apis(ProjectFacts facts) {
    List<String> missing =
        RequiredApis.of(request).stream()
            .filter(a -> !facts.enabledServices().contains(a))
            .toList();
    if (missing.isEmpty()) {
      return Finding.ok(
          "APIs", "all " + RequiredApis.of(request).size() + " APIs the plan uses are enabled");
    }
    return Finding.problem(
        "APIs",
        "not enabled: " + String.join(", ", missing),
        "gcloud services enable "
            + String.join(" ", missing)
            + " --project "
            + request.project()
            + " (install.sh does this first; enable them now so that this preflight reads the real quotas)");
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
