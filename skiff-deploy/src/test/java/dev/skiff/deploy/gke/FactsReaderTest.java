package dev.skiff.deploy.gke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved gcloud outputs: read in gcloud's shapes, and each kind of bad file named in one line. */
class FactsReaderTest {
  @Test
  void reads_gclouds_json_shapes() {
    ProjectFacts f = FactsReader.read(Plans.READY, "my-proj", "us-central1");
    assertThat(f.zones())
        .containsExactly("us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f");
    assertThat(f.regionQuotas().get("CPUS")).isEqualTo(new Quota("CPUS", 72, 4));
    assertThat(f.projectQuotas().get("GPUS_ALL_REGIONS").limit()).isEqualTo(4);
    assertThat(f.projectNumber()).contains("123456789012");
    assertThat(f.acceleratorsIn("us-central1-c"))
        .containsExactly("nvidia-l4", "nvidia-tesla-p100", "nvidia-tesla-t4");
    assertThat(f.enabledServices()).contains("container.googleapis.com", "iap.googleapis.com");
  }

  @Test
  void a_missing_file_is_named_with_the_command_that_makes_it(@TempDir Path dir) throws Exception {
    PreflightTest.copy(Plans.READY, dir);
    Files.delete(dir.resolve("accelerator-types.json"));
    assertThatThrownBy(() -> FactsReader.read(dir, "my-proj", "us-central1"))
        .isInstanceOf(PlanInputException.class)
        .hasMessage(
            dir.resolve("accelerator-types.json")
                + ": missing (save the output of"
                + " `gcloud compute accelerator-types list --project my-proj --format=json` there)");
  }

  @Test
  void malformed_json_is_named_with_its_line(@TempDir Path dir) throws Exception {
    PreflightTest.copy(Plans.READY, dir);
    Files.writeString(
        dir.resolve("region.json"), "{\n  \"name\": \"us-central1\",\n  \"quotas\": [\n");
    assertThatThrownBy(() -> FactsReader.read(dir, "my-proj", "us-central1"))
        .hasMessageStartingWith(dir.resolve("region.json") + ": is not JSON at line")
        .hasMessageNotContaining("\n");
  }

  @Test
  void the_wrong_shape_or_region_is_named(@TempDir Path dir) throws Exception {
    PreflightTest.copy(Plans.READY, dir);
    assertThatThrownBy(() -> FactsReader.read(dir, "my-proj", "europe-west4"))
        .hasMessage(
            dir.resolve("region.json")
                + ": describes region us-central1, but the plan is for europe-west4");
    Files.writeString(dir.resolve("services.json"), "{\"services\": []}");
    assertThatThrownBy(() -> FactsReader.read(dir, "my-proj", "us-central1"))
        .hasMessageContaining(
            "services.json: is not a JSON list (expected `gcloud services list --enabled --format=json`)");
    Files.copy(
        Plans.READY.resolve("services.json"),
        dir.resolve("services.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("project.json"), "{\"name\": \"my-proj\"}");
    assertThatThrownBy(() -> FactsReader.read(dir, "my-proj", "us-central1"))
        .hasMessageContaining("project.json: has no 'quotas' list");
  }
}
