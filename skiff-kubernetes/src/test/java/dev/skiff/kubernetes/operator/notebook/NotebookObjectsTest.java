package dev.skiff.kubernetes.operator.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookObjectsTest {

  private static Notebook sample() {
    Notebook nb = NotebookSamples.cpu();
    nb.getMetadata().setUid("0b5e6c1e-1111-2222-3333-444455556666");
    return nb;
  }

  @Test
  void theStatefulSetRunsThePodTemplateWithKubeflowsDefaults() {
    StatefulSet sts = NotebookObjects.statefulSet(sample());

    assertThat(sts.getMetadata().getName()).isEqualTo("my-notebook");
    assertThat(sts.getMetadata().getNamespace()).isEqualTo("kubeflow-user-example-com");
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .containsEntry("statefulset", "my-notebook");
    var podMeta = sts.getSpec().getTemplate().getMetadata();
    assertThat(podMeta.getLabels())
        .containsEntry("statefulset", "my-notebook")
        .containsEntry("notebook-name", "my-notebook")
        .containsEntry("app", "my-notebook")
        .containsEntry("access-ml-pipeline", "true");
    assertThat(podMeta.getAnnotations())
        .containsOnlyKeys("team.example.com/cost-center"); // kubectl and notebook keys dropped
    Container c = sts.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(c.getWorkingDir()).isEqualTo("/home/jovyan");
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("notebook-port");
              assertThat(p.getContainerPort()).isEqualTo(8888);
            });
    assertThat(c.getEnv())
        .contains(new EnvVar("NB_PREFIX", "/notebook/kubeflow-user-example-com/my-notebook", null));
    assertThat(sts.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup())
        .isEqualTo(100L);
    assertThat(sts.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("default-editor");
    assertThat(sts.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Notebook");
              assertThat(o.getApiVersion()).isEqualTo("kubeflow.org/v1");
              assertThat(o.getUid()).isEqualTo("0b5e6c1e-1111-2222-3333-444455556666");
              assertThat(o.getController()).isTrue();
            });
    KubernetesSchemas.load().assertValid(sts);
  }

  @Test
  void theNotebookItselfIsNotChanged() {
    Notebook nb = sample();
    NotebookObjects.statefulSet(nb);
    Container c = nb.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(c.getEnv()).isNullOrEmpty();
    assertThat(c.getWorkingDir()).isNull();
  }

  @Test
  void theStopAnnotationScalesToZero() {
    Notebook nb = sample();
    nb.getMetadata().getAnnotations().put(Notebook.STOPPED_ANNOTATION, "2026-12-05T10:00:00Z");
    assertThat(NotebookObjects.statefulSet(nb).getSpec().getReplicas()).isZero();
  }

  @Test
  void addFsGroupFalseLeavesTheSecurityContextAlone() {
    Notebook nb = sample();
    nb.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .setEnv(List.of(new EnvVar("ADD_FSGROUP", "false", null)));
    assertThat(
            NotebookObjects.statefulSet(nb).getSpec().getTemplate().getSpec().getSecurityContext())
        .isNull();
  }

  @Test
  void theServiceForwardsPort80ToTheServer() {
    Service svc = NotebookObjects.service(sample());
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getSelector())
        .containsExactlyEntriesOf(java.util.Map.of("statefulset", "my-notebook"));
    assertThat(svc.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-my-notebook");
              assertThat(p.getPort()).isEqualTo(80);
              assertThat(p.getTargetPort()).isEqualTo(new IntOrString(8888));
            });
    KubernetesSchemas.load().assertValid(svc);
  }

  @Test
  void aGpuNotebookKeepsItsLimitNodeSelectorAndToleration() {
    Notebook nb = NotebookSamples.gpu();
    nb.getMetadata().setUid("uid-gpu");
    StatefulSet sts = NotebookObjects.statefulSet(nb);
    var pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().getFirst().getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector())
        .containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-t4");
    assertThat(pod.getTolerations())
        .anySatisfy(
            t -> {
              assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    KubernetesSchemas.load().assertValid(sts);
  }
}
