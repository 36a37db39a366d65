package dev.skiff.pipeline.model;

import dev.skiff.pipeline.json.JsonText;
import java.util.Optional;

/**
 * Container resources. The string fields are Kubernetes quantities or placeholders; empty means
 * unset. The deprecated numeric twins ({@code cpuLimit}, {@code memoryLimit} in GB, ...) are kept
 * because older SDKs emit only them; 0 means unset.
 *
 * @param resourceCpuLimit e.g. {@code 500m}
 * @param resourceCpuRequest e.g. {@code 250m}
 * @param resourceMemoryLimit e.g. {@code 2G}
 * @param resourceMemoryRequest e.g. {@code 1G}
 * @param accelerator the accelerator, when requested
 * @param cpuLimit deprecated numeric CPU limit
 * @param cpuRequest deprecated numeric CPU request
 * @param memoryLimit deprecated numeric memory limit in GB
 * @param memoryRequest deprecated numeric memory request in GB
 */
public record ResourceSpec(
    String resourceCpuLimit,
    String resourceCpuRequest,
    String resourceMemoryLimit,
    String resourceMemoryRequest,
    Optional<Accelerator> accelerator,
    double cpuLimit,
    double cpuRequest,
    double memoryLimit,
    double memoryRequest) {

  /** No resources requested. */
  public static final ResourceSpec NONE =
      new ResourceSpec("", "", "", "", Optional.empty(), 0, 0, 0, 0);

  /** The CPU limit: the string field, else the deprecated number. */
  public Optional<String> effectiveCpuLimit() {
    return pick(resourceCpuLimit, cpuLimit, "");
  }

  /** The CPU request: the string field, else the deprecated number. */
  public Optional<String> effectiveCpuRequest() {
    return pick(resourceCpuRequest, cpuRequest, "");
  }

  /** The memory limit: the string field, else the deprecated number (GB, so suffix {@code G}). */
  public Optional<String> effectiveMemoryLimit() {
    return pick(resourceMemoryLimit, memoryLimit, "G");
  }

  /** The memory request: the string field, else the deprecated number with suffix {@code G}. */
  public Optional<String> effectiveMemoryRequest() {
    return pick(resourceMemoryRequest, memoryRequest, "G");
  }

  private static Optional<String> pick(String text, double number, String unit) {
    if (!text.isEmpty()) {
      return Optional.of(text);
    }
    return number > 0 ? Optional.of(JsonText.plainNumber(number) + unit) : Optional.empty();
  }

  /**
   * An accelerator request.
   *
   * @param resourceType the extended resource name, e.g. {@code nvidia.com/gpu}; may be a
   *     placeholder
   * @param resourceCount the count as a string; may be a placeholder
   * @param type deprecated twin of {@code resourceType}
   * @param count deprecated numeric twin of {@code resourceCount}; 0 = unset
   */
  public record Accelerator(String resourceType, String resourceCount, String type, long count) {

    /** The type: {@code resourceType}, else the deprecated {@code type}. */
    public String effectiveType() {
      return resourceType.isEmpty() ? type : resourceType;
    }

    /** The count: {@code resourceCount}, else the deprecated number, else {@code "1"}. */
    public String effectiveCount() {
      if (!resourceCount.isEmpty()) {
        return resourceCount;
      }
      return count > 0 ? Long.toString(count) : "1";
    }
  }
}
