package dev.skiff.deploy.apply;

import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies Skiff's objects to a cluster in {@link Phase}s with a gate after each, so one run
 * succeeds where {@code kubectl apply} needs re-running: namespaces and CRDs, then each CRD
 * Established and discoverable; service accounts, RBAC and webhook configurations; everything else,
 * then (unless told not to wait) every Deployment Available and StatefulSet ready. Writes go
 * through an {@link Applier} (server-side apply with field manager {@code skiff} on a cluster);
 * transient errors are retried ({@link Retrier}); an object already as applied is not written again
 * ({@link AppliedHash}).
 */
public final class Installer {
  private final KubernetesClient client;
  private final Applier applier;
  private final Applier dryRunApplier;
  private final Consumer<String> out;

  /**
   * An installer writing through {@code applier}, or {@code dryRunApplier} in a dry run.
   *
   * @param out receives progress lines
   */
  public Installer(
      KubernetesClient client, Applier applier, Applier dryRunApplier, Consumer<String> out) {
    this.client = client;
    this.applier = applier;
    this.dryRunApplier = dryRunApplier;
    this.out = out;
  }

  /** An installer using server-side apply with field manager {@code skiff}. */
  public static Installer serverSide(KubernetesClient client, Consumer<String> out) {
    return new Installer(
        client,
        Applier.serverSide(client, "skiff"),
        Applier.serverSideDryRun(client, "skiff"),
        out);
  }

  /**
   * Applies {@code objects} (labelled, inventoried and ordered here; the list is not changed).
   *
   * @throws InstallException at the first permanent error or when the timeout runs out
   */
  public InstallReport install(List<? extends HasMetadata> objects, InstallOptions options) {
    return install(objects, List.of(), options);
  }

  /**
   * Applies {@code objects}, and creates each of {@code createOnly} when it does not exist but
   * never changes it (a generated database password: PostgreSQL keeps the one it started with).
   *
   * @throws InstallException at the first permanent error or when the timeout runs out
   */
  public InstallReport install(
      List<? extends HasMetadata> objects,
      List<? extends HasMetadata> createOnly,
      InstallOptions options) {
    Instant deadline = Instant.now().plus(options.timeout());
    List<HasMetadata> all = new ArrayList<>(objects);
    all.addAll(createOnly);
    Run run = new Run(options, deadline, prepare(all, options));
    createOnly.forEach(o -> run.createOnly.add(ObjectRef.of(o)));
    boolean createsNamespace =
        run.objects.stream()
            .anyMatch(
                o ->
                    o.getKind().equals("Namespace")
                        && o.getMetadata().getName().equals(options.namespace()));
    if (!createsNamespace && !options.dryRun()) {
      recordInventory(run);
    }
    WebhookBackends webhooks = WebhookBackends.of(run.objects);
    for (Phase phase : Phase.values()) {
      List<HasMetadata> inPhase =
          run.objects.stream()
              .filter(o -> Phase.of(o) == phase && !run.done.contains(ObjectRef.of(o)))
              .filter(o -> !webhooks.configurations().contains(o))
              .toList();
      if (!inPhase.isEmpty()) {
        out.accept(phase.name().charAt(0) + phase.name().substring(1).toLowerCase() + ":");
        inPhase.forEach(run::apply);
      }
      if (phase == Phase.ACCESS && !webhooks.configurations().isEmpty()) {
        passWebhooks(webhooks, run);
      }
      if (!options.dryRun()) {
        gate(phase, run);
      }
    }
    InstallReport report =
        new InstallReport(run.changed, run.unchanged, run.notChecked, options.dryRun());
    out.accept(report.summary());
    return report;
  }

  private List<HasMetadata> prepare(List<? extends HasMetadata> objects, InstallOptions options) {
    KubernetesSerialization serialization = client.getKubernetesSerialization();
    Set<ObjectRef> seen = new HashSet<>();
    List<HasMetadata> prepared = new ArrayList<>();
    for (HasMetadata o : objects) {
      HasMetadata copy = serialization.clone(o);
      if (!seen.add(ObjectRef.of(copy))) {
        throw new InstallException("the manifests hold " + ObjectRef.of(copy) + " twice");
      }
      Labelling.apply(copy, options.install());
      prepared.add(copy);
    }
    prepared.sort(Phase.order());
    return prepared;
  }

  private void gate(Phase phase, Run run) {
    switch (phase) {
      case FOUNDATION -> {
        run.objects.stream()
            .filter(CustomResourceDefinition.class::isInstance)
            .map(CustomResourceDefinition.class::cast)
            .forEach(crd -> waitEstablished(crd, run));
      }
      case ACCESS -> {}
      case WORKLOADS -> {
        if (run.options.waitForWorkloads()) {
          run.objects.forEach(o -> waitWorkload(o, run));
        } else {
          out.accept("Not waiting for workloads (--wait=false).");
        }
      }
    }
  }

  /**
   * Webhook backends (Service, Deployment) first and waited for, then the configurations, then a
   * dry-run apply of the next object as a probe that the webhooks answer (retried while refused).
   */
  private void passWebhooks(WebhookBackends webhooks, Run run) {
    out.accept("Webhooks:");
    webhooks.backends().forEach(run::apply);
    if (!run.options.dryRun()) {
      if (run.options.waitForWorkloads()) {
        webhooks.backends().forEach(o -> waitWorkload(o, run));
      } else {
        out.accept("  not waiting for webhook backends (--wait=false); refused writes are retried");
      }
    }
    webhooks.configurations().forEach(run::apply);
    if (run.options.dryRun()) {
      return;
    }
    run.objects.stream()
        .filter(o -> Phase.of(o) == Phase.WORKLOADS && !run.done.contains(ObjectRef.of(o)))
        .findFirst()
        .ifPresent(
            o -> {
              ObjectRef ref = ObjectRef.of(o);
              out.accept("  probing the webhooks: dry-run apply of " + ref);
              HasMetadata probe = client.getKubernetesSerialization().clone(o);
              run.retrier.call(
                  "probe (dry run)", ref, run.crdGroups, () -> dryRunApplier.apply(probe));
            });
  }

  private void waitEstablished(CustomResourceDefinition crd, Run run) {
    String name = crd.getMetadata().getName();
    var resource = client.apiextensions().v1().customResourceDefinitions().withName(name);
    require(
        Waits.until(
            "CRD " + name + " to be Established",
            () -> Gates.established(resource.get()),
            run.options.poll(),
            run.deadline,
            out),
        "CRD "
            + name
            + " is not Established: see `kubectl describe crd "
            + name
            + "` (conditions)");
    require(
        Waits.until(
            "kind " + crd.getSpec().getNames().getKind() + " to be served (discovery)",
            () -> Gates.discoverable(client, crd),
            run.options.poll(),
            run.deadline,
            out),
        "kind " + crd.getSpec().getNames().getKind() + " is not in the API server's discovery");
  }

  private void waitWorkload(HasMetadata o, Run run) {
    ObjectRef ref = ObjectRef.of(o);
    if (o instanceof Deployment) {
      var d = client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
      require(
          Waits.until(
              ref + " to be Available",
              () -> Gates.available(d.get()),
              run.options.poll(),
              run.deadline,
              out),
          ref
              + " is not Available: see `kubectl -n "
              + ref.namespace()
              + " describe deployment "
              + ref.name()
              + "` and its pods' events (image pulls, resources)");
    } else if (o instanceof StatefulSet) {
      var s = client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
      require(
          Waits.until(
              ref + " to be ready",
              () -> Gates.ready(s.get()),
              run.options.poll(),
              run.deadline,
              out),
          ref
              + " is not ready: see `kubectl -n "
              + ref.namespace()
              + " describe statefulset "
              + ref.name()
              + "` and its pods' events (volumes, image pulls)");
    }
  }

  private void require(boolean held, String failure) {
    if (!held) {
      throw new InstallException(
          "timed out: "
              + failure
              + ". Nothing more was applied; run again once fixed, or raise"
              + " --timeout");
    }
  }

  private void recordInventory(Run run) {
    if (run.options.dryRun()) {
      return;
    }
    String ns = run.options.namespace();
    Set<ObjectRef> refs = new LinkedHashSet<>();
    List<ObjectRef> before = Inventory.read(client, ns).orElse(List.of());
    refs.addAll(before);
    run.objects.forEach(o -> refs.add(ObjectRef.of(o)));
    if (refs.size() == before.size()) {
      out.accept("  no changes   ConfigMap " + ns + "/" + Inventory.NAME + " (inventory)");
      return;
    }
    ObjectRef self = Inventory.ref(ns);
    run.retrier.call(
        "record inventory",
        self,
        Set.of(),
        () -> applier.apply(Inventory.of(ns, run.options.install(), List.copyOf(refs))));
    out.accept("  recorded " + refs.size() + " objects in ConfigMap " + ns + "/" + Inventory.NAME);
  }

  /** One install's state. */
  private final class Run {
    final InstallOptions options;
    final Instant deadline;
    final List<HasMetadata> objects;
    final Retrier retrier;
    final Set<String> crdGroups = new HashSet<>();
    final Set<String> newNamespaces = new HashSet<>();
    final Set<ObjectRef> createOnly = new HashSet<>();
    final Set<ObjectRef> done = new HashSet<>();
    final List<ObjectRef> changed = new ArrayList<>();
    final List<ObjectRef> unchanged = new ArrayList<>();
    final List<ObjectRef> notChecked = new ArrayList<>();

    Run(InstallOptions options, Instant deadline, List<HasMetadata> objects) {
      this.options = options;
      this.deadline = deadline;
      this.objects = objects;
      this.retrier = new Retrier(options.backoff(), options.maxBackoff(), deadline, out);
      for (HasMetadata o : objects) {
        if (o instanceof CustomResourceDefinition crd) {
          crdGroups.add(crd.getSpec().getGroup());
        }
      }
    }

    void apply(HasMetadata desired) {
      ObjectRef ref = ObjectRef.of(desired);
      done.add(ref);
      if (options.dryRun() && needsWhatThisInstallCreates(ref)) {
        notChecked.add(ref);
        out.accept("  not checked  " + ref + " (needs what this install creates first)");
        return;
      }
      String hash = AppliedHash.of(desired, client.getKubernetesSerialization());
      AppliedHash.stamp(desired, hash);
      HasMetadata live = retrier.call("read", ref, crdGroups, () -> client.resource(desired).get());
      if (AppliedHash.matches(live, hash) || (live != null && createOnly.contains(ref))) {
        unchanged.add(ref);
        out.accept("  no changes   " + ref);
        afterApply(ref);
        return;
      }
      Applier writer = options.dryRun() ? dryRunApplier : applier;
      retrier.call("apply", ref, crdGroups, () -> writer.apply(desired));
      if (desired.getKind().equals("Namespace") && live == null) {
        newNamespaces.add(ref.name());
      }
      changed.add(ref);
      String verb = live == null ? "created" : "updated";
      out.accept("  " + (options.dryRun() ? "would be " + verb : verb) + "  " + ref);
      afterApply(ref);
    }

    /**
     * The inventory is written as soon as Skiff's namespace exists, before anything else, so that
     * an install that fails later (a CRD never Established) can still be torn down.
     */
    void afterApply(ObjectRef ref) {
      if (ref.kind().equals("Namespace") && ref.name().equals(options.namespace())) {
        recordInventory(this);
      }
    }

    /** In a dry run, a namespace or CRD of this install does not exist yet. */
    private boolean needsWhatThisInstallCreates(ObjectRef ref) {
      return (ref.namespaced() && newNamespaces.contains(ref.namespace()))
          || crdGroups.contains(ref.group());
    }
  }
}
