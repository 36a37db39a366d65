package dev.skiff.deploy.gke;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code skiff plan gke} was asked to plan. The constructor checks the syntax of every value
 * and throws {@link PlanInputException} naming the first bad one; limits that depend on the project
 * (name lengths, quotas) are the {@link Preflight}'s to report.
 *
 * @param project the Google Cloud project id
 * @param location the zone (default) or region of the cluster
 * @param name the cluster's name, also the prefix of every other resource's name
 * @param machineType the CPU pool's machine type
 * @param nodes the CPU pool's nodes (per zone, as gcloud counts them)
 * @param gpu the GPU pool, if any
 * @param gpuMachineType the GPU pool's machine type; null for the GPU type's smallest
 * @param domain the host name people open, or null (then the static IP serves plain HTTP)
 * @param dnsZone the Cloud DNS managed zone that holds {@code domain}, or null (then the A record
 *     is printed for the operator to create)
 * @param iap whether Identity-Aware Proxy guards Skiff
 * @param iapMembers the members given {@code roles/iap.httpsResourceAccessor}
 * @param cloudSql whether the database is Cloud SQL for PostgreSQL (else in-cluster)
 * @param image Skiff's container image; null for one in an Artifact Registry repository the plan
 *     creates
 * @param version Skiff's version, for the image tag and the scripts' headers
 */
public record GkePlanRequest(
    String project,
    Location location,
    String name,
    String machineType,
    int nodes,
    Optional<GpuRequest> gpu,
    String gpuMachineType,
    String domain,
    String dnsZone,
    boolean iap,
    List<String> iapMembers,
    boolean cloudSql,
    String image,
    String version) {
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern ZONE = Pattern.compile("[a-z]+-[a-z]+[0-9]+-[a-z]");
  private static final Pattern REGION = Pattern.compile("[a-z]+-[a-z]+[0-9]+");
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern MACHINE = Pattern.compile("[a-z][a-z0-9]*-[a-z0-9-]+");
  private static final Pattern DOMAIN =
      Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  private static final Pattern MEMBER =
      Pattern.compile("(user|group|serviceAccount|domain):[^\\s,@]*@?[^\\s,]+");

  public GkePlanRequest {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(gpu, "gpu");
    iapMembers = List.copyOf(iapMembers);
    require(
        project != null && PROJECT.matcher(project).matches(),
        "--project must be a project id (6 to 30 lower-case letters, digits and '-', starting with a letter), got '"
            + project
            + "'");
    switch (location) {
      case Location.Zone z ->
          require(
              ZONE.matcher(z.name()).matches(),
              "--zone must be a zone such as us-central1-a, got '" + z.name() + "'");
      case Location.Region r ->
          require(
              REGION.matcher(r.name()).matches(),
              "--region must be a region such as us-central1, got '" + r.name() + "'");
    }
    require(
        NAME.matcher(name).matches(),
        "--name must be lower-case letters, digits and '-', starting with a letter and not ending with '-', got '"
            + name
            + "'");
    require(
        MACHINE.matcher(machineType).matches(),
        "--machine-type must be a machine type such as e2-standard-4, got '" + machineType + "'");
    require(nodes >= 1 && nodes <= 1000, "--nodes must be a number from 1 to 1000, got " + nodes);
    require(
        gpuMachineType == null || MACHINE.matcher(gpuMachineType).matches(),
        "--gpu-machine-type must be a machine type such as n1-standard-4, got '"
            + gpuMachineType
            + "'");
    require(gpuMachineType == null || gpu.isPresent(), "--gpu-machine-type needs --gpu");
    require(
        domain == null || DOMAIN.matcher(domain).matches(),
        "--domain must be a host name such as skiff.example.com, got '" + domain + "'");
    require(dnsZone == null || domain != null, "--dns-zone needs --domain");
    require(
        dnsZone == null || NAME.matcher(dnsZone).matches(),
        "--dns-zone must be a Cloud DNS managed zone name, got '" + dnsZone + "'");
    require(iap || iapMembers.isEmpty(), "--iap-users needs --iap");
    require(
        !iap || domain != null,
        "--iap needs --domain: IAP serves HTTPS only, with a certificate for a host name");
    for (String m : iapMembers) {
      require(
          MEMBER.matcher(m).matches(),
          "--iap-users takes members such as user:a@example.com or group:g@example.com, got '"
              + m
              + "'");
    }
    require(
        image == null || !image.isBlank() && !image.contains(" "),
        "--image must be an image reference without spaces");
    gpu.ifPresent(
        g -> {
          GpuType type =
              GpuType.of(g.type())
                  .orElseThrow(
                      () ->
                          new PlanInputException(
                              "--gpu: unknown GPU type '"
                                  + g.type()
                                  + "'; known: "
                                  + GpuType.knownNames()));
          require(
              gpuMachineType != null || type.defaultMachineType(g.count()).isPresent(),
              "--gpu: no machine type carries "
                  + g.count()
                  + " × "
                  + g.type()
                  + "; use a count of 1, 2, 4 or 8");
        });
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new PlanInputException(message);
    }
  }

  /** The GPU pool's machine type: the one given, or the GPU type's smallest. */
  public Optional<String> gpuMachine() {
    return gpu.map(
        g ->
            gpuMachineType != null
                ? gpuMachineType
                : GpuType.of(g.type()).flatMap(t -> t.defaultMachineType(g.count())).orElseThrow());
  }

  /** Whether the plan creates an Artifact Registry repository for Skiff's image. */
  public boolean ownsRegistry() {
    return image == null;
  }

  /** Skiff's image: the one given, or the tag in the repository the plan creates. */
  public String imageReference() {
    return image != null
        ? image
        : location.region() + "-docker.pkg.dev/" + project + "/" + name + "/skiff:" + version;
  }
}
