package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.operator.Interruption;
import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.resource.NotebookCondition;
import dev.skiff.kubernetes.resource.NotebookStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles {@code kubeflow.org/v1} Notebooks as Kubeflow's notebook controller does: a
 * StatefulSet and a Service owned by the Notebook ({@link NotebookObjects}; garbage collection
 * deletes them with it), scaled to zero while the {@code kubeflow-resource-stopped} annotation is
 * present, and the Notebook's status mirrored from its pod ({@link NotebookStatusMirror}). A spec
 * that cannot run gets an {@code InvalidSpec} condition naming the field, and nothing is created.
 *
 * <p>Objects are written through an {@link Applier} (server-side apply on a cluster), and only when
 * they differ from what is stored, so that a write does not wake the reconciler again through the
 * StatefulSet's informer. Changes of the StatefulSet, the Service and the notebook's pod (label
 * {@code notebook-name}) trigger a reconciliation.
 *
 * <p>Every change of a Notebook is reconciled, not only those of its spec (JOSDK's generation
 * awareness is off): the stop annotation is metadata, as are the labels and annotations the pod
 * inherits.
 *
 * <p>Idle culling is left to Skiff's notebook service for the servers it starts; Notebooks created
 * with kubectl are not culled.
 */
@ControllerConfiguration(name = "notebooks", generationAwareEventProcessing = false)
public final class NotebookReconciler implements Reconciler<Notebook> {
  private static final Logger log = LoggerFactory.getLogger(NotebookReconciler.class);

  /** The condition type of a failed reconciliation (the API server refused a write). */
  public static final String FAILED = "ReconcileFailed";

  private final Applier applier;
  private final Clock clock;

  /** A reconciler writing through {@code applier}. */
  public NotebookReconciler(Applier applier) {
    this(applier, Clock.systemUTC());
  }

  NotebookReconciler(Applier applier, Clock clock) {
    this.applier = applier;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Notebook> reconcile(Notebook notebook, Context<Notebook> context) {
    KubernetesClient client = context.getClient();
    Optional<SpecProblem> problem = NotebookValidation.problem(notebook);
    if (problem.isPresent()) {
      log.info("Notebook {} cannot run: {}", id(notebook), problem.get());
      return status(notebook, NotebookStatusMirror.invalid(problem.get(), now()));
    }
    StatefulSet statefulSet = write(client, NotebookObjects.statefulSet(notebook));
    write(client, NotebookObjects.service(notebook));
    Pod pod =
        client
            .pods()
            .inNamespace(notebook.getMetadata().getNamespace())
            .withName(notebook.getMetadata().getName() + "-0")
            .get();
    return status(notebook, NotebookStatusMirror.of(statefulSet, pod));
  }

  @Override
  public ErrorStatusUpdateControl<Notebook> updateErrorStatus(
      Notebook notebook, Context<Notebook> context, Exception e) {
    if (Interruption.caused(e)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message =
        e instanceof KubernetesClientException k && k.getStatus() != null
            ? k.getStatus().getMessage()
            : e.getMessage();
    NotebookStatus status = new NotebookStatus();
    status.setReadyReplicas(0);
    String at = now().toString();
    status.setConditions(
        List.of(new NotebookCondition(FAILED, "True", FAILED, String.valueOf(message), at, at)));
    notebook.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(notebook);
  }

  @Override
  public List<EventSource<?, Notebook>> prepareEventSources(EventSourceContext<Notebook> context) {
    var statefulSets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(StatefulSet.class, Notebook.class)
                .withLabelSelector(Notebook.NAME_LABEL)
                .build(),
            context);
    var services =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Service.class, Notebook.class)
                .withLabelSelector(Notebook.NAME_LABEL)
                .build(),
            context);
    var pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, Notebook.class)
                .withLabelSelector(Notebook.NAME_LABEL)
                .withSecondaryToPrimaryMapper(
                    (Pod p) ->
                        Set.of(
                            new ResourceID(
                                p.getMetadata().getLabels().get(Notebook.NAME_LABEL),
                                p.getMetadata().getNamespace())))
                .build(),
            context);
    return List.of(statefulSets, services, pods);
  }

  /** Writes {@code desired} unless the stored object already has its spec, labels and owners. */
  private <T extends HasMetadata> T write(KubernetesClient client, T desired) {
    T current = client.resource(desired).get();
    if (current != null && same(current, desired)) {
      return current;
    }
    return applier.apply(desired);
  }

  private static boolean same(HasMetadata current, HasMetadata desired) {
    return Objects.equals(spec(current), spec(desired))
        && Objects.equals(current.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && Objects.equals(
            current.getMetadata().getOwnerReferences(), desired.getMetadata().getOwnerReferences());
  }

  private static Object spec(HasMetadata o) {
    return Serialization.jsonMapper().valueToTree(o).get("spec");
  }

  private static UpdateControl<Notebook> status(Notebook notebook, NotebookStatus wanted) {
    if (notebook.getStatus() != null && sameStatus(notebook.getStatus(), wanted)) {
      return UpdateControl.noUpdate();
    }
    notebook.setStatus(wanted);
    return UpdateControl.patchStatus(notebook);
  }

  /** Equal but for the times of an InvalidSpec condition (which would rewrite it forever). */
  private static boolean sameStatus(NotebookStatus a, NotebookStatus b) {
    var ta = Serialization.jsonMapper().valueToTree(a);
    var tb = Serialization.jsonMapper().valueToTree(b);
    if (!ta.equals(tb) && isInvalid(a) && isInvalid(b)) {
      return a.getConditions()
          .getFirst()
          .getMessage()
          .equals(b.getConditions().getFirst().getMessage());
    }
    return ta.equals(tb);
  }

  private static boolean isInvalid(NotebookStatus s) {
    return s.getConditions() != null
        && s.getConditions().size() == 1
        && NotebookStatusMirror.INVALID.equals(s.getConditions().getFirst().getType());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String id(Notebook n) {
    return n.getMetadata().getNamespace() + "/" + n.getMetadata().getName();
  }
}
