package dev.skiff.deploy.values;

import dev.skiff.deploy.values.DeployValues.Artifacts;
import dev.skiff.deploy.values.DeployValues.Auth;
import dev.skiff.deploy.values.DeployValues.Database;
import dev.skiff.deploy.values.DeployValues.Exposure;
import dev.skiff.deploy.values.DeployValues.Kubernetes;
import dev.skiff.deploy.values.DeployValues.Resources;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a {@link ValuesFile} into checked {@link DeployValues}, defaults filled in. */
final class ValuesReader {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
  private static final Pattern INSTALL_NAME = Pattern.compile("[a-z]([a-z0-9-]{0,28}[a-z0-9])?");
  private static final Pattern IMAGE =
      Pattern.compile(
          "[a-z0-9][a-z0-9._/:-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})");
  private static final Pattern QUANTITY =
      Pattern.compile("[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?");
  private static final Pattern IAP_AUDIENCE =
      Pattern.compile("/projects/\\d+/(global/backendServices/\\d+|apps/[a-z][a-z0-9\\-]{4,61})");
  private static final Pattern HTTP_URL = Pattern.compile("https?://[^\\s/]+(/\\S*)?");
  private static final Pattern GSA = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+");

  private final ValuesFile file;

  private ValuesReader(ValuesFile file) {
    this.file = file;
  }

  static DeployValues read(ValuesFile file) {
    return new ValuesReader(file).values();
  }

  static void checkName(String where, String name) {
    if (!INSTALL_NAME.matcher(name).matches()) {
      throw new ValuesException(
          where
              + ": must be a lower-case name of at most 30 letters, digits and '-', got '"
              + name
              + "'");
    }
  }

  private DeployValues values() {
    String name = get("name");
    if (!INSTALL_NAME.matcher(name).matches()) {
      throw bad("name", "must be a lower-case name of at most 30 letters, digits and '-'");
    }
    String image = get("image");
    if (!IMAGE.matcher(image).matches()) {
      throw bad("image", "must be repository:tag or repository@sha256:DIGEST, got '" + image + "'");
    }
    return new DeployValues(
        name,
        label("namespace"),
        image,
        oneOf("imagePullPolicy", "IfNotPresent", "Always", "Never"),
        count("replicas", 1, 20),
        count("server.port", 1, 65535),
        resources("server.resources"),
        database(),
        artifacts(),
        auth(),
        exposure(),
        kubernetes(),
        bool("networkPolicy"));
  }

  private Database database() {
    String type = oneOf("database.type", "postgres", "external");
    String user = get("database.user");
    if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw bad("database.user", "must be a PostgreSQL role name (lower-case letters, digits, _)");
    }
    String secret = name("database.passwordSecret");
    if (type.equals("external")) {
      String url = get("database.url");
      if (!url.startsWith("jdbc:postgresql://")) {
        throw bad(
            "database.url",
            "is required with database.type: external, as jdbc:postgresql://HOST:PORT/DB");
      }
      return new DeployValues.ExternalDatabase(url, user, secret);
    }
    if (set("database.url")) {
      throw bad("database.url", "is only for database.type: external");
    }
    String image = get("database.postgres.image");
    if (!IMAGE.matcher(image).matches()) {
      throw bad("database.postgres.image", "must be repository:tag, got '" + image + "'");
    }
    return new DeployValues.InClusterPostgres(
        user,
        secret,
        image,
        quantity("database.postgres.storage"),
        optionalName("database.postgres.storageClass"),
        resources("database.postgres.resources"));
  }

  private Artifacts artifacts() {
    String bucket = get("artifacts.bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
      throw bad("artifacts.bucket", "is not a bucket name: '" + bucket + "'");
    }
    String endpoint = get("artifacts.endpoint");
    if (!endpoint.isEmpty() && !HTTP_URL.matcher(endpoint).matches()) {
      throw bad("artifacts.endpoint", "must be an http:// or https:// URL, got '" + endpoint + "'");
    }
    String gsa = get("artifacts.gcpServiceAccount");
    if (!gsa.isEmpty() && !GSA.matcher(gsa).matches()) {
      throw bad(
          "artifacts.gcpServiceAccount", "must be a service account e-mail, got '" + gsa + "'");
    }
    String prefix = get("artifacts.prefix");
    if (prefix.contains("..")) {
      throw bad("artifacts.prefix", "must not contain '..'");
    }
    return new Artifacts(
        bucket,
        endpoint,
        get("artifacts.region"),
        prefix,
        optionalName("artifacts.credentialsSecret"),
        gsa);
  }

  private Auth auth() {
    String mode = get("auth.mode");
    if (!List.of("oidc", "iap", "proxy").contains(mode)) {
      throw bad(
          "auth.mode",
          "must be oidc, iap or proxy (a cluster install is reachable by others, so local"
              + " sign-in is refused), got '"
              + mode
              + "'");
    }
    String external = get("auth.externalUrl");
    if (!external.isEmpty() && !HTTP_URL.matcher(external).matches()) {
      throw bad("auth.externalUrl", "must be an http(s) URL, got '" + external + "'");
    }
    String host = get("exposure.host");
    if (external.isEmpty() && !host.isEmpty()) {
      external = "https://" + host;
    }
    String audience = get("auth.iap.audience");
    if (mode.equals("iap") && !IAP_AUDIENCE.matcher(audience).matches()) {
      throw bad(
          "auth.iap.audience",
          "is required with auth.mode: iap, as /projects/NUMBER/global/backendServices/ID (the IAP"
              + " console's 'Signed header JWT audience')");
    }
    String issuer = get("auth.oidc.issuer");
    String clientId = get("auth.oidc.clientId");
    if (mode.equals("oidc")) {
      if (!HTTP_URL.matcher(issuer).matches()) {
        throw bad("auth.oidc.issuer", "is required with auth.mode: oidc, as an https URL");
      }
      if (clientId.isBlank()) {
        throw bad("auth.oidc.clientId", "is required with auth.mode: oidc");
      }
      if (external.isEmpty()) {
        throw bad("auth.externalUrl", "is required with auth.mode: oidc (or set exposure.host)");
      }
    }
    List<String> trusted = list("auth.proxy.trustedAddresses");
    if (mode.equals("proxy") && trusted.isEmpty()) {
      throw bad(
          "auth.proxy.trustedAddresses",
          "is required with auth.mode: proxy: the addresses (or CIDRs) the proxy connects from");
    }
    return new Auth(
        mode,
        external,
        list("auth.admins"),
        list("auth.allowedDomains"),
        list("auth.allowedEmails"),
        audience,
        optionalName("auth.iap.oauthSecret"),
        issuer,
        clientId,
        name("auth.oidc.clientSecretSecret"),
        get("auth.proxy.header"),
        trusted);
  }

  private Exposure exposure() {
    String type = oneOf("exposure.type", "none", "ingress", "gateway");
    String host = get("exposure.host");
    if (!type.equals("none") && !DNS_NAME.matcher(host).matches()) {
      throw bad("exposure.host", "is required with exposure.type: " + type + ", as a DNS name");
    }
    boolean managed = bool("exposure.tls.managedCertificate");
    if (managed && !type.equals("ingress")) {
      throw bad("exposure.tls.managedCertificate", "needs exposure.type: ingress");
    }
    String gateway = optionalName("exposure.gateway.name");
    if (type.equals("gateway") && gateway.isEmpty()) {
      throw bad("exposure.gateway.name", "is required with exposure.type: gateway");
    }
    return new Exposure(
        type,
        host,
        optionalName("exposure.ingressClassName"),
        optionalName("exposure.tls.secretName"),
        managed,
        optionalName("exposure.staticIpName"),
        gateway,
        optionalName("exposure.gateway.namespace"));
  }

  private Kubernetes kubernetes() {
    String size = get("kubernetes.workspaceSize");
    if (!QUANTITY.matcher(size).matches()) {
      throw bad("kubernetes.workspaceSize", "must be a size like 5Gi, got '" + size + "'");
    }
    List<String> known =
        dev.skiff.kubernetes.KubernetesSettings.Accelerator.GKE_NVIDIA.stream()
            .map(dev.skiff.kubernetes.KubernetesSettings.Accelerator::type)
            .toList();
    List<String> accelerators = list("kubernetes.accelerators");
    for (String a : accelerators) {
      if (!known.contains(a)) {
        throw bad(
            "kubernetes.accelerators",
            "unknown accelerator type '" + a + "'; known: " + String.join(", ", known));
      }
    }
    return new Kubernetes(
        name("kubernetes.serviceAccount"),
        accelerators,
        name("kubernetes.clusterDomain"),
        get("kubernetes.notebookImage"),
        size,
        optionalName("kubernetes.storageClass"));
  }

  private Resources resources(String prefix) {
    return new Resources(
        quantity(prefix + ".requests.cpu"),
        quantity(prefix + ".requests.memory"),
        quantity(prefix + ".limits.cpu"),
        quantity(prefix + ".limits.memory"));
  }

  /** The value of {@code key}, stripped, or its default; a required key left out is an error. */
  private String get(String key) {
    ValuesFile.Entry e = file.get(key);
    if (e != null && e.value() != null) {
      return e.value().strip();
    }
    String d = ValueKeys.find(key).orElseThrow().defaultValue();
    if (d == null) {
      throw new ValuesException(
          file.name() + ": " + key + " is required: " + ValueKeys.find(key).get().description());
    }
    return d;
  }

  private boolean set(String key) {
    ValuesFile.Entry e = file.get(key);
    return e != null && e.value() != null && !e.value().isBlank();
  }

  private List<String> list(String key) {
    return Arrays.stream(get(key).split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
  }

  private String oneOf(String key, String... allowed) {
    String v = get(key);
    if (!List.of(allowed).contains(v)) {
      throw bad(key, "must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }
    return v;
  }

  private int count(String key, int min, int max) {
    String v = get(key);
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "must be a whole number from " + min + " to " + max + ", got '" + v + "'");
  }

  private boolean bool(String key) {
    return oneOf(key, "true", "false").equals("true");
  }

  private String quantity(String key) {
    String v = get(key);
    if (!QUANTITY.matcher(v).matches()) {
      throw bad(
          key, "must be a Kubernetes quantity such as 500m, 1, 512Mi or 10Gi, got '" + v + "'");
    }
    return v;
  }

  private String label(String key) {
    String v = get(key);
    if (!DNS_LABEL.matcher(v).matches()) {
      throw bad(key, "must be a Kubernetes name: lower-case letters, digits and '-', at most 63");
    }
    return v;
  }

  private String name(String key) {
    String v = get(key);
    if (!DNS_NAME.matcher(v).matches()) {
      throw bad(key, "must be a Kubernetes name: lower-case letters, digits, '-' and '.'");
    }
    return v;
  }

  private String optionalName(String key) {
    return get(key).isEmpty() ? "" : name(key);
  }

  /** An error naming the file, the line (where the file set the key) and the key. */
  private ValuesException bad(String key, String problem) {
    ValuesFile.Entry e = file.get(key);
    String where = e == null ? file.name() : file.name() + ":" + e.line();
    return new ValuesException(where + ": " + key + ": " + problem);
  }
}
