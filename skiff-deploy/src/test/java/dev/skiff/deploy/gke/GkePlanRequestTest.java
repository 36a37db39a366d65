package dev.skiff.deploy.gke;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad command-line values are refused before anything is planned, each with one line. */
class GkePlanRequestTest {
  @Test
  void malformed_values_are_named() {
    assertThatThrownBy(() -> Plans.request("My_Proj", new Location.Zone("us-central1-a"), 2, null))
        .isInstanceOf(PlanInputException.class)
        .hasMessageStartingWith("--project must be a project id");
    assertThatThrownBy(() -> Plans.request("my-proj", new Location.Zone("us-central1"), 2, null))
        .hasMessage("--zone must be a zone such as us-central1-a, got 'us-central1'");
    assertThatThrownBy(() -> Plans.request("my-proj", new Location.Zone("us-central1-a"), 0, null))
        .hasMessage("--nodes must be a number from 1 to 1000, got 0");
    assertThatThrownBy(
            () ->
                Plans.request(
                    "my-proj", new Location.Zone("us-central1-a"), 2, "nvidia-tesla-t4:x"))
        .hasMessageStartingWith("--gpu must be TYPE:COUNT");
    assertThatThrownBy(
            () ->
                Plans.request(
                    "my-proj", new Location.Zone("us-central1-a"), 2, "nvidia-rtx-9000:1"))
        .hasMessageStartingWith(
            "--gpu: unknown GPU type 'nvidia-rtx-9000'; known: nvidia-tesla-t4, nvidia-l4");
    assertThatThrownBy(
            () -> Plans.request("my-proj", new Location.Zone("us-central1-a"), 2, "nvidia-l4:3"))
        .hasMessageStartingWith("--gpu: no machine type carries 3 × nvidia-l4");
  }

  @Test
  void iap_needs_a_domain_and_members_need_iap() {
    assertThatThrownBy(
            () ->
                new GkePlanRequest(
                    "my-proj",
                    new Location.Zone("us-central1-a"),
                    "skiff",
                    "e2-standard-4",
                    2,
                    Optional.empty(),
                    null,
                    null,
                    null,
                    true,
                    List.of(),
                    false,
                    null,
                    "0.1.0"))
        .hasMessageStartingWith("--iap needs --domain");
    assertThatThrownBy(
            () ->
                new GkePlanRequest(
                    "my-proj",
                    new Location.Zone("us-central1-a"),
                    "skiff",
                    "e2-standard-4",
                    2,
                    Optional.empty(),
                    null,
                    "skiff.example.com",
                    null,
                    false,
                    List.of("user:a@example.com"),
                    false,
                    null,
                    "0.1.0"))
        .hasMessage("--iap-users needs --iap");
    assertThatThrownBy(
            () ->
                new GkePlanRequest(
                    "my-proj",
                    new Location.Zone("us-central1-a"),
                    "skiff",
                    "e2-standard-4",
                    2,
                    Optional.empty(),
                    null,
                    "skiff.example.com",
                    null,
                    true,
                    List.of("alice"),
                    false,
                    null,
                    "0.1.0"))
        .hasMessageStartingWith("--iap-users takes members such as user:a@example.com");
  }
}
