package dev.skiff.deploy.gke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight against saved gcloud outputs that reproduce each failure of the GKE install in
 * issue 15, and a project where the plan fits.
 */
class PreflightTest {
  private static final String QUOTAS =
      "https://console.cloud.google.com/iam-admin/quotas?project=kf-tokyo";

  @Test
  void the_issue_15_regional_cluster_fails_every_quota_at_once_with_the_fix_named() {
    GkePlanRequest r = Plans.request("kf-tokyo", new Location.Region("asia-northeast1"), 4, null);
    PreflightReport report = new Preflight(r).run(Plans.facts(Plans.ISSUE15, r));

    assertThat(report.feasible()).isFalse();
    Finding cpus = problem(report, "CPUS (asia-northeast1)");
    assertThat(cpus.message())
        .contains(
            "needs 48 vCPUs",
            "4 nodes per zone × 3 zones × 4 vCPUs of e2-standard-4",
            "available 24");
    assertThat(cpus.fix()).contains(QUOTAS, "metric CPUS", "--zone asia-northeast1-a");
    Finding all = problem(report, "CPUS_ALL_REGIONS (project)");
    assertThat(all.message()).contains("needs 48", "available 32");
    assertThat(all.fix()).contains(QUOTAS, "metric CPUS_ALL_REGIONS");
    Finding addresses = problem(report, "IN_USE_ADDRESSES (asia-northeast1)");
    assertThat(addresses.message()).contains("needs 12", "12 nodes across 3 zones", "available 8");
    assertThat(addresses.fix()).contains(QUOTAS, "metric IN_USE_ADDRESSES");
    Finding apis = problem(report, "APIs");
    assertThat(apis.message()).isEqualTo("not enabled: container.googleapis.com");
    assertThat(apis.fix())
        .startsWith("gcloud services enable container.googleapis.com --project kf-tokyo");
    assertThat(report.render())
        .contains(
            "PROBLEM  CPUS (asia-northeast1)",
            "PROBLEM  CPUS_ALL_REGIONS",
            "PROBLEM  IN_USE_ADDRESSES",
            "PROBLEM  APIs")
        .contains("Preflight found " + report.problems().size() + " problems");
  }

  @Test
  void the_same_nodes_in_one_zone_need_a_third() {
    GkePlanRequest r = Plans.request("kf-tokyo", new Location.Zone("asia-northeast1-a"), 4, null);
    PreflightReport report = new Preflight(r).run(Plans.facts(Plans.ISSUE15, r));

    assertThat(find(report, "CPUS (asia-northeast1)").message())
        .contains("needs 16 vCPUs", "4 nodes × 4 vCPUs");
    assertThat(find(report, "CPUS (asia-northeast1)").problem()).isFalse();
    assertThat(find(report, "IN_USE_ADDRESSES (asia-northeast1)").problem()).isFalse();
  }

  @Test
  void k80_is_not_offered_where_t4_is_and_t4_is_named_as_the_fix() {
    GkePlanRequest r =
        Plans.request("kf-tokyo", new Location.Zone("asia-northeast1-a"), 2, "nvidia-tesla-k80:1");
    PreflightReport report = new Preflight(r).run(Plans.facts(Plans.ISSUE15, r));

    Finding gpu = problem(report, "GPU type nvidia-tesla-k80");
    assertThat(gpu.message())
        .contains(
            "end of life",
            "not offered in asia-northeast1-a (offered there: nvidia-l4, nvidia-tesla-t4)");
    assertThat(gpu.fix()).contains("--gpu nvidia-tesla-t4:1");
  }

  @Test
  void a_regional_gpu_pool_needs_the_type_in_every_zone_and_the_quota_times_the_zones() {
    GkePlanRequest r =
        Plans.request("kf-tokyo", new Location.Region("asia-northeast1"), 1, "nvidia-tesla-t4:1");
    PreflightReport report = new Preflight(r).run(Plans.facts(Plans.ISSUE15, r));

    assertThat(problem(report, "GPU type nvidia-tesla-t4").message())
        .contains("not offered in asia-northeast1-b (offered there: no GPUs)");
    assertThat(problem(report, "NVIDIA_T4_GPUS (asia-northeast1)").message())
        .contains("needs 3 GPUs", "× 3 zones", "available 1");
    assertThat(problem(report, "GPUS_ALL_REGIONS (project)").message())
        .contains("needs 3", "available 1");
  }

  @Test
  void a_new_projects_zero_global_gpu_quota_is_caught(@TempDir Path dir) throws Exception {
    copy(Plans.READY, dir);
    Path project = dir.resolve("project.json");
    Files.writeString(
        project,
        Files.readString(project)
            .replace(
                "\"limit\": 4.0,\n      \"metric\": \"GPUS_ALL_REGIONS\"",
                "\"limit\": 0.0,\n      \"metric\": \"GPUS_ALL_REGIONS\""));
    GkePlanRequest r =
        Plans.request("my-proj", new Location.Zone("us-central1-a"), 2, "nvidia-tesla-t4:1");
    PreflightReport report = new Preflight(r).run(Plans.facts(dir, r));

    Finding global = problem(report, "GPUS_ALL_REGIONS (project)");
    assertThat(global.message()).contains("needs 1", "a new project has 0", "available 0 (limit 0");
    assertThat(global.fix()).contains("quotas?project=my-proj", "metric GPUS_ALL_REGIONS");
    assertThat(report.problems()).hasSize(1);
  }

  @Test
  void an_l4_on_an_n1_machine_is_refused_and_the_g2_default_passes() {
    GkePlanRequest wrong =
        new GkePlanRequest(
            "my-proj",
            new Location.Zone("us-central1-a"),
            "skiff",
            "e2-standard-4",
            2,
            Optional.of(GpuRequest.parse("nvidia-l4:1", 1)),
            "n1-standard-4",
            null,
            null,
            false,
            List.of(),
            false,
            null,
            "0.1.0");
    Finding family =
        problem(
            new Preflight(wrong).run(Plans.facts(Plans.READY, wrong)),
            "GPU machine type n1-standard-4");
    assertThat(family.message())
        .contains("nvidia-l4 attaches only to G2 machines, and n1-standard-4 is N1");
    assertThat(family.fix()).contains("g2-standard-4");

    GkePlanRequest right =
        Plans.request("my-proj", new Location.Zone("us-central1-a"), 2, "nvidia-l4:1");
    PreflightReport report = new Preflight(right).run(Plans.facts(Plans.READY, right));
    assertThat(report.problems()).isEmpty();
    assertThat(find(report, "G2_CPUS (us-central1)").message()).contains("needs 4 vCPUs");
  }

  @Test
  void the_full_plan_fits_a_ready_project() {
    GkePlanRequest r = Plans.full();
    PreflightReport report = new Preflight(r).run(Plans.facts(Plans.READY, r));

    assertThat(report.problems()).isEmpty();
    assertThat(report.render()).endsWith("Preflight passed: the project can hold this plan.\n");
    assertThat(find(report, "CPUS (us-central1)").message())
        .contains("needs 16 vCPUs")
        .contains("available 68 (limit 72, in use 4)");
    assertThat(find(report, "APIs").message()).contains("all 11 APIs");
  }

  @Test
  void a_regional_plan_counts_the_regions_own_zones() {
    GkePlanRequest r = Plans.request("my-proj", new Location.Region("us-central1"), 2, null);
    PreflightReport report = new Preflight(r).run(Plans.facts(Plans.READY, r));
    assertThat(find(report, "CPUS (us-central1)").message())
        .contains("2 nodes per zone × 4 zones", "needs 32 vCPUs");
    assertThat(find(report, "IN_USE_ADDRESSES (us-central1)").message()).contains("needs 8");
  }

  @Test
  void an_unknown_machine_type_is_said_to_be_unknown_not_counted_as_zero() {
    GkePlanRequest r =
        new GkePlanRequest(
            "my-proj",
            new Location.Zone("us-central1-a"),
            "skiff",
            "t2d-standard-4",
            2,
            Optional.empty(),
            null,
            null,
            null,
            false,
            List.of(),
            false,
            null,
            "0.1.0");
    PreflightReport report = new Preflight(r).run(Plans.facts(Plans.READY, r));
    Finding note = find(report, "CPUS");
    assertThat(note.status()).isEqualTo(Finding.Status.NOTE);
    assertThat(note.message()).contains("does not know how many vCPUs t2d-standard-4 has");
    assertThat(report.feasible()).isTrue();
  }

  @Test
  void names_over_their_limits_are_problems_even_without_facts() {
    GkePlanRequest r =
        new GkePlanRequest(
            "a-rather-long-project-id-here",
            new Location.Zone("us-central1-a"),
            "skiff-for-the-research-team",
            "e2-standard-4",
            2,
            Optional.empty(),
            null,
            null,
            null,
            false,
            List.of(),
            false,
            null,
            "0.1.0");
    PreflightReport report = new Preflight(r).withoutFacts("no facts");
    Finding names = problem(report, "Names");
    assertThat(names.message())
        .contains(
            "service account id 'skiff-for-the-research-team-server' is 34 characters, IAM allows 30");
    assertThat(names.message())
        .contains(
            "bucket name 'a-rather-long-project-id-here-skiff-for-the-research-team-artifacts' is 67 characters");
    assertThat(names.fix()).contains("shorter --name");
    assertThat(report.render()).contains("skipped  quotas, GPU offers and APIs: no facts");
  }

  private static Finding find(PreflightReport report, String check) {
    return report.findings().stream()
        .filter(f -> f.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no finding " + check + " in:\n" + report.render()));
  }

  private static Finding problem(PreflightReport report, String check) {
    Finding f = find(report, check);
    assertThat(f.problem()).as(report.render()).isTrue();
    return f;
  }

  static void copy(Path from, Path to) throws Exception {
    for (String f : FactsReader.FILES) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
  }
}
