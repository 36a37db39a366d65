package dev.skiff.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of Skiff's notebook API under {@code /api/v1} (close to Kubeflow's Notebook and
 * its spawner form): the configuration users pick from, notebook servers, their events and logs.
 * Written in snake_case, read in snake_case or camelCase.
 */
public final class NotebookJson {
  private NotebookJson() {}

  /** {@code GET /api/v1/notebook-config}: what the spawner form offers. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Config(
      List<Environment> environments,
      List<GpuVendor> gpuVendors,
      Integer gpusFree,
      String cullIdleAfter,
      List<String> configurations) {}

  /**
   * An environment (the local stand-in for Kubeflow's images).
   *
   * @param defaultCpu cores, e.g. 0.5
   * @param defaultMemory a Kubernetes quantity, e.g. {@code 1Gi}
   * @param unavailableReason why it cannot be used here (absent when it can)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Environment(
      String name,
      String displayName,
      String serverKind,
      double defaultCpu,
      String defaultMemory,
      boolean available,
      String unavailableReason) {}

  /** An accelerator vendor: its resource key ({@code nvidia.com/gpu}) and name. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record GpuVendor(String key, String name) {}

  /** Accelerators asked for: the vendor's key and how many. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Gpus(String vendor, int num) {}

  /** A data volume of the profile and where it appears in the workspace. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DataVolume(String name, String mount) {}

  /** Where a notebook is: {@code Pending}, {@code Running}, ... and why, one line. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Status(String phase, String message) {}

  /**
   * A notebook server.
   *
   * @param namespace its profile
   * @param cpu cores
   * @param memory bytes
   * @param memoryDisplay e.g. {@code 1 GiB}
   * @param url the path it is reached under, {@code /notebook/{profile}/{name}/}
   * @param limits whether CPU and memory limits are enforced, and how or why not
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Notebook(
      String name,
      String namespace,
      String environment,
      String serverKind,
      double cpu,
      long memory,
      String memoryDisplay,
      Gpus gpus,
      List<String> gpuIds,
      Map<String, String> env,
      List<DataVolume> datavols,
      List<String> configurations,
      Status status,
      String url,
      String limits,
      String createdBy,
      Instant createdAt,
      Instant statusSince,
      Instant lastActivity) {}

  /** {@code GET /api/v1/profiles/{p}/notebooks}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record NotebookList(List<Notebook> notebooks) {}

  /**
   * {@code POST /api/v1/profiles/{p}/notebooks}: {@code cpu} a number or a string ({@code "0.5"},
   * {@code "500m"}), {@code memory} a Kubernetes quantity ({@code "1Gi"}) or a number of bytes.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record NewNotebook(
      String name,
      String environment,
      JsonNode cpu,
      JsonNode memory,
      Gpus gpus,
      Map<String, String> env,
      List<DataVolume> datavols,
      List<String> configurations) {}

  /** {@code PATCH /api/v1/profiles/{p}/notebooks/{n}}: Kubeflow's stop and start. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Patch(Boolean stopped) {}

  /** Something that happened to a notebook. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Event(Instant time, String type, String reason, String message) {}

  /** {@code GET .../notebooks/{n}/events}, oldest first. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record EventList(List<Event> events) {}

  /** {@code GET .../notebooks/{n}/logs}: a piece of the server's log and where to read on. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Log(String text, long nextOffset) {}
}
