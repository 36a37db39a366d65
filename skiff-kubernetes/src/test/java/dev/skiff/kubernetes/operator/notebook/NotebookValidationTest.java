package dev.skiff.kubernetes.operator.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.resource.Notebook;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookValidationTest {

  @Test
  void kubeflowsSampleIsValid() {
    assertThat(NotebookValidation.problem(NotebookSamples.cpu())).isEmpty();
    assertThat(NotebookValidation.problem(NotebookSamples.gpu())).isEmpty();
  }

  @Test
  void noContainersNamesTheField() {
    Notebook nb = NotebookSamples.cpu();
    nb.getSpec().getTemplate().getSpec().setContainers(List.of());
    assertThat(NotebookValidation.problem(nb))
        .get()
        .extracting(SpecProblem::field)
        .isEqualTo("spec.template.spec.containers");
  }

  @Test
  void aBadQuantityNamesTheField() {
    Notebook nb = NotebookSamples.cpu();
    nb.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getResources()
        .getLimits()
        .put("memory", new Quantity("lots"));
    assertThat(NotebookValidation.problem(nb))
        .get()
        .satisfies(
            p -> {
              assertThat(p.field())
                  .isEqualTo("spec.template.spec.containers[0].resources.limits.memory");
              assertThat(p.message()).contains("'lots' is not a quantity");
            });
  }

  @Test
  void aMissingImageNamesTheField() {
    Notebook nb = NotebookSamples.cpu();
    nb.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(" ");
    assertThat(NotebookValidation.problem(nb))
        .get()
        .extracting(SpecProblem::field)
        .isEqualTo("spec.template.spec.containers[0].image");
  }

  @Test
  void aNameTooLongForTheServiceIsRefused() {
    Notebook nb = NotebookSamples.cpu();
    nb.getMetadata().setName("n".repeat(53));
    assertThat(NotebookValidation.problem(nb))
        .get()
        .extracting(SpecProblem::field)
        .isEqualTo("metadata.name");
  }

  @Test
  void theSampleIsValidByTheGeneratedCrd() {
    dev.skiff.kubernetes.testing.KubernetesSchemas.load(); // skips without the shared schemas
    dev.skiff.kubernetes.testing.KubernetesSchemas.assertValid(
        NotebookCrd.definition(), NotebookSamples.cpu());
    dev.skiff.kubernetes.testing.KubernetesSchemas.assertValid(
        NotebookCrd.definition(), NotebookSamples.gpu());
  }
}
