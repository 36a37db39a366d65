package dev.skiff.kubernetes.pod;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import dev.skiff.store.artifact.S3Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The artifact store's settings as the JSON in {@link PodContract#ENV_ARTIFACTS}, <em>without
 * secrets</em>: a pod's environment is readable by anyone who may read the pod. In the pod the
 * launcher signs S3 requests with the standard AWS credential chain, i.e. {@code AWS_ACCESS_KEY_ID}
 * / {@code AWS_SECRET_ACCESS_KEY} that the pod takes from a Secret (or a workload identity).
 *
 * <pre>{@code
 * {"kind": "s3", "endpoint": "http://minio:9000", "region": "us-east-1", "bucket": "skiff",
 *  "prefix": "", "pathStyle": true, "schemes": ["minio", "s3"]}
 * {"kind": "local"}
 * }</pre>
 */
public final class ArtifactStoreEnv {
  private ArtifactStoreEnv() {}

  /** The settings without credentials, as compact JSON. */
  public static String write(ArtifactStoreConfig config) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    switch (config) {
      case ArtifactStoreConfig.Local l -> out.put("kind", JsonValue.of("local"));
      case S3Settings s -> {
        out.put("kind", JsonValue.of("s3"));
        s.endpoint().ifPresent(e -> out.put("endpoint", JsonValue.of(e.toString())));
        out.put("region", JsonValue.of(s.region()));
        out.put("bucket", JsonValue.of(s.bucket()));
        out.put("prefix", JsonValue.of(s.prefix()));
        out.put("pathStyle", JsonValue.of(s.pathStyle()));
        out.put(
            "schemes", JsonValue.list(s.schemes().stream().sorted().map(JsonValue::of).toList()));
      }
    }
    return JsonValue.struct(out).toJson();
  }

  /**
   * Reads the settings; S3 credentials are left to the standard AWS chain.
   *
   * @throws IllegalArgumentException naming the first field that is missing or malformed
   */
  public static ArtifactStoreConfig read(String json) {
    JsonFields root = JsonFields.parse(json, "the artifact store settings");
    String kind = root.str("kind");
    return switch (kind) {
      case "local" -> ArtifactStoreConfig.LOCAL;
      case "s3" -> s3(root);
      default -> throw new IllegalArgumentException("kind must be s3 or local, got '" + kind + "'");
    };
  }

  private static S3Settings s3(JsonFields root) {
    Optional<URI> endpoint = Optional.empty();
    if (root.has("endpoint")) {
      String text = root.str("endpoint");
      try {
        URI uri = new URI(text);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new URISyntaxException(text, "needs a scheme and a host");
        }
        endpoint = Optional.of(uri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("endpoint is not a URL: " + e.getMessage());
      }
    }
    Set<String> schemes = new LinkedHashSet<>(root.strings("schemes"));
    if (schemes.isEmpty()) {
      schemes.addAll(S3Settings.DEFAULT_SCHEMES);
    }
    String region = root.str("region");
    String bucket = root.str("bucket");
    String prefix = root.str("prefix", "");
    boolean pathStyle = root.has("pathStyle") && root.bool("pathStyle");
    try {
      return new S3Settings(
          endpoint, region, bucket, prefix, pathStyle, Optional.empty(), Optional.empty(), schemes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("artifact store settings: " + e.getMessage());
    }
  }
}
