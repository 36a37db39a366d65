package dev.skiff.server.config;

import dev.skiff.store.artifact.ArtifactStoreConfig;
import dev.skiff.store.artifact.S3Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code artifacts.*} settings: which artifact store, and for S3 where and how.
 *
 * <pre>
 * artifacts.store            local (default) | s3            SKIFF_ARTIFACTS_STORE
 * artifacts.s3.endpoint      e.g. http://127.0.0.1:9000      SKIFF_S3_ENDPOINT (empty: AWS)
 * artifacts.s3.region        default us-east-1               SKIFF_S3_REGION
 * artifacts.s3.bucket        required for s3                 SKIFF_S3_BUCKET
 * artifacts.s3.prefix        default artifacts               SKIFF_S3_PREFIX
 * artifacts.s3.pathStyle     default true with an endpoint   SKIFF_S3_PATH_STYLE
 * artifacts.s3.accessKeyId   else the AWS default chain      SKIFF_S3_ACCESS_KEY_ID
 * artifacts.s3.secretAccessKey                               SKIFF_S3_SECRET_ACCESS_KEY
 * artifacts.s3.schemes       default s3,minio (+gs for GCS)  SKIFF_S3_SCHEMES
 * </pre>
 *
 * Without keys the SDK's default chain applies ({@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY}, {@code ~/.aws/credentials}, instance and container roles).
 */
final class ArtifactStoreSettings {
  private static final String GCS_HOST = "storage.googleapis.com";

  private ArtifactStoreSettings() {}

  static ArtifactStoreConfig load(ConfigLoader.Sources s) {
    ConfigLoader.Value store = s.pick(null, "SKIFF_ARTIFACTS_STORE", "artifacts.store", "local");
    return switch (store.value().strip()) {
      case "local" -> ArtifactStoreConfig.LOCAL;
      case "s3" -> s3(s);
      default -> throw s.bad(store, "must be local or s3, got '" + store.value() + "'");
    };
  }

  private static S3Settings s3(ConfigLoader.Sources s) {
    ConfigLoader.Value bucket = s.pick(null, "SKIFF_S3_BUCKET", "artifacts.s3.bucket", null);
    if (bucket.value() == null || bucket.value().isBlank()) {
      throw s.bad(bucket, "is required with artifacts.store: s3");
    }
    if (!bucket.value().strip().matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
      throw s.bad(bucket, "is not a bucket name: '" + bucket.value() + "'");
    }
    Optional<URI> endpoint = endpoint(s);
    boolean gcs = endpoint.map(URI::getHost).filter(GCS_HOST::equalsIgnoreCase).isPresent();
    String region =
        s.pick(null, "SKIFF_S3_REGION", "artifacts.s3.region", gcs ? "auto" : "us-east-1")
            .value()
            .strip();
    ConfigLoader.Value prefixValue =
        s.pick(null, "SKIFF_S3_PREFIX", "artifacts.s3.prefix", "artifacts");
    String prefix = prefixValue.value().strip();
    if (prefix.contains("..")) {
      throw s.bad(prefixValue, "must not contain '..'");
    }
    ConfigLoader.Value pathStyle =
        s.pick(
            null,
            "SKIFF_S3_PATH_STYLE",
            "artifacts.s3.pathStyle",
            Boolean.toString(endpoint.isPresent() && !gcs));
    boolean path =
        switch (pathStyle.value().strip()) {
          case "true" -> true;
          case "false" -> false;
          default ->
              throw s.bad(pathStyle, "must be true or false, got '" + pathStyle.value() + "'");
        };
    ConfigLoader.Value keyId =
        s.pick(null, "SKIFF_S3_ACCESS_KEY_ID", "artifacts.s3.accessKeyId", null);
    ConfigLoader.Value secret =
        s.pick(null, "SKIFF_S3_SECRET_ACCESS_KEY", "artifacts.s3.secretAccessKey", null);
    if ((keyId.value() == null) != (secret.value() == null)) {
      throw s.bad(
          keyId.value() == null ? keyId : secret,
          "give both artifacts.s3.accessKeyId and artifacts.s3.secretAccessKey, or neither (then"
              + " the AWS default credential chain is used)");
    }
    ConfigLoader.Value schemesValue =
        s.pick(
            null,
            "SKIFF_S3_SCHEMES",
            "artifacts.s3.schemes",
            gcs
                ? "s3,gs"
                : String.join(",", S3Settings.DEFAULT_SCHEMES.stream().sorted().toList()));
    Set<String> schemes = new LinkedHashSet<>();
    for (String part : schemesValue.value().split(",")) {
      if (!part.isBlank()) {
        schemes.add(part.strip());
      }
    }
    if (!schemes.contains("s3") || !S3Settings.KNOWN_SCHEMES.containsAll(schemes)) {
      throw s.bad(
          schemesValue,
          "must be a comma-separated list with s3 and any of minio, gs; got '"
              + schemesValue.value()
              + "'");
    }
    return new S3Settings(
        endpoint,
        region,
        bucket.value().strip(),
        prefix,
        path,
        Optional.ofNullable(keyId.value()).map(String::strip),
        Optional.ofNullable(secret.value()),
        schemes);
  }

  private static Optional<URI> endpoint(ConfigLoader.Sources s) {
    ConfigLoader.Value v = s.pick(null, "SKIFF_S3_ENDPOINT", "artifacts.s3.endpoint", null);
    if (v.value() == null || v.value().isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(v.value().strip());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw s.bad(v, "must be an http:// or https:// URL, got '" + v.value() + "'");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw s.bad(v, "is not a URL: '" + v.value() + "'");
    }
  }
}
