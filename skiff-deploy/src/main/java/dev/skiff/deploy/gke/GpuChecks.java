package dev.skiff.deploy.gke;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU pool's checks: the type is not retired, is offered in every zone the pool uses (F10),
 * fits the machine type's family and the per-VM card limit, and the regional and global GPU quotas
 * hold it at its largest (F11; GPUS_ALL_REGIONS is 0 in a new project).
 */
final class GpuChecks {
  private final GkePlanRequest request;
  private final ResourceNeeds needs;
  private final ProjectFacts facts;
  private final String quotasUrl;

  GpuChecks(GkePlanRequest request, ResourceNeeds needs, ProjectFacts facts, String quotasUrl) {
    this.request = request;
    this.needs = needs;
    this.facts = facts;
    this.quotasUrl = quotasUrl;
  }

  List<Finding> check(GpuRequest gpu) {
    GpuType type = GpuType.of(gpu.type()).orElseThrow();
    List<Finding> findings = new ArrayList<>();
    findings.add(offered(gpu, type));
    findings.add(family(type));
    if (type.retired() != null) {
      return findings;
    }
    String what =
        "GPUs ("
            + gpu.count()
            + " per node × "
            + gpu.maxNodes()
            + (gpu.maxNodes() == 1 ? " node" : " nodes")
            + (needs.zones() > 1 ? " per zone × " + needs.zones() + " zones" : "")
            + " at the pool's largest)";
    findings.add(
        Preflight.quota(
            type.quotaMetric() + " (" + facts.region() + ")",
            facts.regionQuotas(),
            type.quotaMetric(),
            needs.gpus(),
            what,
            "",
            quotasUrl));
    findings.add(
        Preflight.quota(
            "GPUS_ALL_REGIONS (project)",
            facts.projectQuotas(),
            "GPUS_ALL_REGIONS",
            needs.gpus(),
            what + " in all regions; a new project has 0",
            "",
            quotasUrl));
    return findings;
  }

  private Finding offered(GpuRequest gpu, GpuType type) {
    List<String> zones =
        request.location() instanceof Location.Zone z ? List.of(z.name()) : facts.zones();
    List<String> missing = new ArrayList<>();
    List<String> tooFewCards = new ArrayList<>();
    for (String zone : zones) {
      var offer =
          facts.accelerators().stream()
              .filter(a -> a.zone().equals(zone) && a.type().equals(gpu.type()))
              .findFirst();
      if (offer.isEmpty()) {
        missing.add(zone + " (offered there: " + orNone(facts.acceleratorsIn(zone)) + ")");
      } else if (offer.get().maxCardsPerInstance() > 0
          && offer.get().maxCardsPerInstance() < gpu.count()) {
        tooFewCards.add(zone + " takes at most " + offer.get().maxCardsPerInstance() + " per VM");
      }
    }
    String check = "GPU type " + gpu.type();
    if (!missing.isEmpty()) {
      List<String> elsewhere =
          facts.zones().stream().filter(z -> facts.acceleratorsIn(z).contains(gpu.type())).toList();
      List<String> here =
          zones.stream()
              .flatMap(z -> facts.acceleratorsIn(z).stream())
              .distinct()
              // The same family first: K80's replacement on the same N1 machines is T4.
              .sorted(
                  java.util.Comparator.comparing(
                      (String t) ->
                          !GpuType.of(t).map(x -> x.family().equals(type.family())).orElse(false)))
              .toList();
      String fix =
          (here.isEmpty()
                  ? ""
                  : "choose a type offered there, e.g. --gpu "
                      + here.getFirst()
                      + ":"
                      + gpu.count())
              + (elsewhere.isEmpty()
                  ? ""
                  : (here.isEmpty() ? "" : ", or ")
                      + "use a zone that offers it: "
                      + String.join(", ", elsewhere));
      return Finding.problem(
          check,
          (type.retired() != null ? type.retired() + "; " : "")
              + "not offered in "
              + String.join("; ", missing),
          fix.isEmpty()
              ? "choose another region: no zone of " + facts.region() + " offers a GPU"
              : fix);
    }
    if (!tooFewCards.isEmpty()) {
      return Finding.problem(
          check,
          gpu.count() + " per node is too many: " + String.join("; ", tooFewCards),
          "ask for fewer per node and more nodes (--gpu " + gpu.type() + ":1 --gpu-max-nodes N)");
    }
    return Finding.ok(check, "offered in " + String.join(", ", zones));
  }

  private Finding family(GpuType type) {
    String machine = request.gpuMachine().orElseThrow();
    String family = MachineType.familyOf(machine);
    String check = "GPU machine type " + machine;
    if (family.equals(type.family())) {
      return Finding.ok(check, type.name() + " attaches to " + upper(family) + " machines");
    }
    return Finding.problem(
        check,
        type.name()
            + " attaches only to "
            + upper(type.family())
            + " machines, and "
            + machine
            + " is "
            + upper(family),
        "leave --gpu-machine-type out (then "
            + type.defaultMachineType(request.gpu().orElseThrow().count())
                .orElse(upper(type.family()) + " machines")
            + ") or give an "
            + upper(type.family())
            + " type");
  }

  private static String upper(String family) {
    return family.toUpperCase(Locale.ROOT);
  }

  private static String orNone(List<String> types) {
    return types.isEmpty() ? "no GPUs" : String.join(", ", types);
  }
}
