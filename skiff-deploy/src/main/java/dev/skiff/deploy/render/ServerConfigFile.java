package dev.skiff.deploy.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.skiff.deploy.values.DeployValues;
import dev.skiff.deploy.values.DeployValues.Auth;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's {@code skiff.yaml} for a cluster install: listen on all addresses, the Kubernetes
 * executor in the Skiff namespace, the S3 artifact store, the database URL and the sign-in mode.
 * Secrets are not in it: the Deployment passes them as environment variables ({@link
 * ServerDeployment#SECRET_ENV}), which the server's ConfigLoader reads over the file.
 */
final class ServerConfigFile {
  /** The ConfigMap key and file name. */
  static final String FILE = "skiff.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private ServerConfigFile() {}

  /** The file's text. */
  static String of(DeployValues v) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("server", map("host", "0.0.0.0", "port", v.port()));
    root.put("database", map("url", databaseUrl(v), "user", v.database().user()));
    root.put("engine", map("executor", "kubernetes"));
    root.put("artifacts", artifacts(v));
    root.put("auth", auth(v.auth()));
    root.put("kubernetes", kubernetes(v));
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The in-cluster PostgreSQL's Service address, or the external URL. */
  static String databaseUrl(DeployValues v) {
    return switch (v.database()) {
      case DeployValues.ExternalDatabase e -> e.url();
      case DeployValues.InClusterPostgres p ->
          "jdbc:postgresql://"
              + PostgresManifests.NAME
              + "."
              + v.namespace()
              + ".svc."
              + v.kubernetes().clusterDomain()
              + ":5432/"
              + PostgresManifests.DATABASE;
    };
  }

  private static Map<String, Object> artifacts(DeployValues v) {
    Map<String, Object> s3 = new LinkedHashMap<>();
    s3.put("bucket", v.artifacts().bucket());
    putIfSet(s3, "endpoint", v.artifacts().endpoint());
    putIfSet(s3, "region", v.artifacts().region());
    s3.put("prefix", v.artifacts().prefix());
    return map("store", "s3", "s3", s3);
  }

  private static Map<String, Object> auth(Auth a) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("mode", a.mode());
    putIfSet(auth, "externalUrl", a.externalUrl());
    putIfSet(auth, "admins", String.join(",", a.admins()));
    putIfSet(auth, "allowedDomains", String.join(",", a.allowedDomains()));
    putIfSet(auth, "allowedEmails", String.join(",", a.allowedEmails()));
    switch (a.mode()) {
      case "iap" -> auth.put("iap", map("audience", a.iapAudience()));
      case "oidc" -> auth.put("oidc", map("issuer", a.oidcIssuer(), "clientId", a.oidcClientId()));
      default ->
          auth.put(
              "proxy",
              map(
                  "header",
                  a.proxyHeader(),
                  "trustedAddresses",
                  String.join(",", a.proxyTrustedAddresses())));
    }
    return auth;
  }

  private static Map<String, Object> kubernetes(DeployValues v) {
    DeployValues.Kubernetes k = v.kubernetes();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("namespace", v.namespace());
    out.put("image", v.image());
    out.put("imagePullPolicy", v.imagePullPolicy());
    out.put("serviceAccount", k.serviceAccount());
    putIfSet(out, "artifactSecret", v.artifacts().credentialsSecret());
    putIfSet(out, "accelerators", String.join(",", k.accelerators()));
    out.put("clusterDomain", k.clusterDomain());
    putIfSet(out, "notebookImage", k.notebookImage());
    out.put("workspaceSize", k.workspaceSize());
    putIfSet(out, "storageClass", k.storageClass());
    return out;
  }

  private static void putIfSet(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
