package dev.skiff.store.notebook;

import java.time.Instant;
import java.util.Objects;

/**
 * One notebook server's row.
 *
 * @param profile its profile
 * @param name its name, unique in the profile
 * @param environment the environment it runs in
 * @param serverKind the server that runs ({@code notebook}, {@code jupyterlab}, ...)
 * @param cpuMillis CPU in thousandths of a core
 * @param memoryBytes memory
 * @param gpuVendor the accelerator resource key ({@code nvidia.com/gpu}), empty for none
 * @param gpuCount how many accelerators
 * @param specDetails env, volumes and configurations as a JSON object (the engine's format)
 * @param desired {@code RUNNING} or {@code STOPPED}: what the user asked for last
 * @param status {@code PENDING}, {@code RUNNING}, {@code STOPPING}, {@code STOPPED} or {@code
 *     FAILED}
 * @param reason one line about the status, empty for none
 * @param handle how the launcher finds its server again (opaque), null when none runs
 * @param gpuIds the assigned accelerator ids, comma-separated, empty for none
 * @param limits whether CPU and memory limits are enforced, in words
 * @param createdBy who created it
 * @param createdAt when
 * @param statusSince when the status last changed
 * @param lastActivity the last kernel or connection activity seen, null when unknown
 * @param version incremented by every update; an update names the version it read
 */
public record StoredNotebook(
    String profile,
    String name,
    String environment,
    String serverKind,
    long cpuMillis,
    long memoryBytes,
    String gpuVendor,
    int gpuCount,
    String specDetails,
    String desired,
    String status,
    String reason,
    String handle,
    String gpuIds,
    String limits,
    String createdBy,
    Instant createdAt,
    Instant statusSince,
    Instant lastActivity,
    long version) {

  /** Requires the key and times; empty text for missing optional text. */
  public StoredNotebook {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(statusSince, "statusSince");
    serverKind = serverKind == null ? "" : serverKind;
    gpuVendor = gpuVendor == null ? "" : gpuVendor;
    reason = reason == null ? "" : reason;
    gpuIds = gpuIds == null ? "" : gpuIds;
    limits = limits == null ? "" : limits;
    createdBy = createdBy == null ? "" : createdBy;
  }

  /** With a new status and reason (the status time changes only when the status does). */
  public StoredNotebook withStatus(String newStatus, String newReason, Instant at) {
    Instant since = newStatus.equals(status) ? statusSince : at;
    return new StoredNotebook(
        profile,
        name,
        environment,
        serverKind,
        cpuMillis,
        memoryBytes,
        gpuVendor,
        gpuCount,
        specDetails,
        desired,
        newStatus,
        newReason,
        handle,
        gpuIds,
        limits,
        createdBy,
        createdAt,
        since,
        lastActivity,
        version);
  }

  /** With what the user wants now. */
  public StoredNotebook withDesired(String newDesired) {
    return new StoredNotebook(
        profile,
        name,
        environment,
        serverKind,
        cpuMillis,
        memoryBytes,
        gpuVendor,
        gpuCount,
        specDetails,
        newDesired,
        status,
        reason,
        handle,
        gpuIds,
        limits,
        createdBy,
        createdAt,
        statusSince,
        lastActivity,
        version);
  }

  /** With the server's handle, GPUs and limits (null handle: no server). */
  public StoredNotebook withServer(String newHandle, String newGpuIds, String newLimits) {
    return new StoredNotebook(
        profile,
        name,
        environment,
        serverKind,
        cpuMillis,
        memoryBytes,
        gpuVendor,
        gpuCount,
        specDetails,
        desired,
        status,
        reason,
        newHandle,
        newGpuIds,
        newLimits,
        createdBy,
        createdAt,
        statusSince,
        lastActivity,
        version);
  }

  /** With the server kind that runs. */
  public StoredNotebook withServerKind(String kind) {
    return new StoredNotebook(
        profile,
        name,
        environment,
        kind,
        cpuMillis,
        memoryBytes,
        gpuVendor,
        gpuCount,
        specDetails,
        desired,
        status,
        reason,
        handle,
        gpuIds,
        limits,
        createdBy,
        createdAt,
        statusSince,
        lastActivity,
        version);
  }

  /** With the last activity seen. */
  public StoredNotebook withLastActivity(Instant at) {
    return new StoredNotebook(
        profile,
        name,
        environment,
        serverKind,
        cpuMillis,
        memoryBytes,
        gpuVendor,
        gpuCount,
        specDetails,
        desired,
        status,
        reason,
        handle,
        gpuIds,
        limits,
        createdBy,
        createdAt,
        statusSince,
        at,
        version);
  }
}
