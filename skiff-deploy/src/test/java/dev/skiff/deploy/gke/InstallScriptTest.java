package dev.skiff.deploy.gke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order and content of install.sh where the issue 15 install went wrong. */
class InstallScriptTest {
  @Test
  void the_cluster_creates_the_workload_identity_pool_before_any_binding_names_it() {
    String script = script(Plans.full());
    int cluster = script.indexOf("gcloud container clusters create");
    int pool = script.indexOf("--workload-pool \"$PROJECT.svc.id.goog\"");
    int firstUse = script.indexOf(".svc.id.goog[");
    assertThat(cluster).isPositive();
    assertThat(pool).isGreaterThan(cluster);
    assertThat(firstUse).isGreaterThan(pool);
    // No command before the cluster's creation names the pool (comments may explain it).
    assertThat(script.substring(0, cluster).lines().filter(l -> !l.startsWith("#")))
        .noneMatch(l -> l.contains("svc.id.goog"));
  }

  @Test
  void steps_come_in_dependency_order() {
    String script = script(Plans.full());
    List<String> order =
        List.of(
            "gcloud services enable",
            "gcloud iam service-accounts create skiff-nodes",
            "gcloud container clusters create",
            "gcloud container node-pools create gpu",
            "gcloud storage buckets create",
            "roles/iam.workloadIdentityUser",
            "gcloud sql instances create",
            "gcloud compute addresses create skiff-ip",
            "gcloud compute ssl-certificates create",
            "gcloud dns record-sets create",
            "kubectl apply -f \"$(dirname \"$0\")/backendconfig.yaml\"",
            "roles/iap.httpsResourceAccessor");
    int last = -1;
    for (String s : order) {
      int at = script.indexOf(s);
      assertThat(at).as("%s after the previous step", s).isGreaterThan(last);
      last = at;
    }
  }

  @Test
  void the_gpu_pool_scales_from_zero_and_gke_installs_the_driver() {
    String script = script(Plans.full());
    assertThat(script)
        .contains("--accelerator type=nvidia-tesla-t4,count=1,gpu-driver-version=default")
        .contains("--enable-autoscaling --num-nodes 0 --min-nodes 0 --max-nodes 2")
        .contains("--machine-type n1-standard-4")
        .doesNotContain("kubectl apply -f https://", "nvidia-driver-installer");
  }

  @Test
  void a_default_plan_is_zonal_and_enables_only_the_apis_it_uses() {
    String script = script(Plans.defaults());
    assertThat(script).contains("LOCATION=(--zone us-central1-a)").doesNotContain("--region");
    assertThat(script)
        .contains(
            "gcloud services enable container.googleapis.com compute.googleapis.com iam.googleapis.com"
                + " iamcredentials.googleapis.com cloudresourcemanager.googleapis.com serviceusage.googleapis.com"
                + " storage.googleapis.com artifactregistry.googleapis.com --project")
        .doesNotContain(
            "iap.googleapis.com",
            "dns.googleapis.com",
            "sqladmin.googleapis.com",
            "node-pools create");
  }

  @Test
  void a_regional_plan_says_in_its_header_how_the_zones_multiply_it() {
    GkePlanRequest r = Plans.request("kf-tokyo", new Location.Region("asia-northeast1"), 4, null);
    String script = new InstallScript(r, ResourceNeeds.of(r, Optional.of(3))).render();
    assertThat(script)
        .contains("# Project kf-tokyo: REGIONAL cluster skiff in asia-northeast1 (3 zones).")
        .contains("# CPU pool: 4 nodes per zone × 3 zones = 12 × e2-standard-4 (48 vCPUs).")
        .contains("# At most 12 in-use external addresses (one per node) + 1 global static IP")
        .contains("LOCATION=(--region asia-northeast1)");
  }

  @Test
  void iap_keeps_the_oauth_consent_screen_a_printed_manual_step() {
    String script = script(Plans.full());
    assertThat(script)
        .contains("MANUAL STEP: configure the OAuth consent screen")
        .contains("https://console.cloud.google.com/apis/credentials/consent?project=my-proj")
        .doesNotContain("gcloud iap oauth-brands create", "gcloud iap oauth-clients create");
    assertThat(script).contains("--member user:a@example.com", "--member group:ml@example.com");
  }

  private static String script(GkePlanRequest r) {
    return new InstallScript(r, ResourceNeeds.of(r, Optional.of(4))).render();
  }
}
