package dev.skiff.store.artifact;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Artifacts in an S3-compatible object store: AWS S3, Google Cloud Storage through its S3
 * interoperability (XML API), MinIO, SeaweedFS, Ceph RGW.
 *
 * @param endpoint the service's address, e.g. {@code http://127.0.0.1:9000} (MinIO) or {@code
 *     https://storage.googleapis.com} (GCS); empty for AWS's own endpoint of {@code region}
 * @param region the region requests are signed for ({@code us-east-1} suits most non-AWS services;
 *     GCS takes {@code auto})
 * @param bucket the bucket of the default pipeline root
 * @param prefix the key prefix of the default pipeline root (may be empty)
 * @param pathStyle address buckets as {@code endpoint/bucket/key} rather than {@code
 *     bucket.endpoint/key}: what MinIO, SeaweedFS and Ceph usually need
 * @param accessKeyId the access key; empty to use the standard AWS credential chain ({@code
 *     AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code ~/.aws/credentials}, instance roles)
 * @param secretAccessKey the secret for {@code accessKeyId}; never printed
 * @param schemes the URI schemes this store serves: {@code s3} always; {@code minio} (KFP's name
 *     for MinIO-backed roots) and {@code gs} (a GCS bucket through the S3 interface) when listed
 */
public record S3Settings(
    Optional<URI> endpoint,
    String region,
    String bucket,
    String prefix,
    boolean pathStyle,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    Set<String> schemes)
    implements ArtifactStoreConfig {

  /** The schemes served when none are configured. */
  public static final Set<String> DEFAULT_SCHEMES = Set.of("s3", "minio");

  /** Every scheme a configuration may list. */
  public static final Set<String> KNOWN_SCHEMES = Set.of("s3", "minio", "gs");

  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    prefix = prefix == null ? "" : prefix;
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    schemes = Set.copyOf(schemes);
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("an S3 artifact store needs a bucket");
    }
    if (!schemes.contains("s3") || !KNOWN_SCHEMES.containsAll(schemes)) {
      throw new IllegalArgumentException(
          "schemes must include s3 and may add minio and gs, got " + schemes);
    }
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException(
          "give both an access key id and a secret access key, or neither");
    }
  }

  /** The default pipeline root, {@code s3://bucket/prefix}. */
  public String defaultRoot() {
    return new ObjectUri("s3", bucket, prefix).toString();
  }

  @Override
  public ArtifactStore open(Path home) {
    return new RoutedArtifactStore(
        new S3ArtifactStore(this), new LocalArtifactStore(home.resolve("artifacts")));
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint.map(URI::toString).orElse("(AWS)")
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", pathStyle="
        + pathStyle
        + ", accessKeyId="
        + accessKeyId.orElse("(default chain)")
        + ", secretAccessKey="
        + (secretAccessKey.isPresent() ? "***" : "(default chain)")
        + ", schemes="
        + schemes
        + "]";
  }
}
