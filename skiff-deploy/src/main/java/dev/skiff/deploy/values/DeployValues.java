package dev.skiff.deploy.values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one values file says about an install of Skiff on a cluster; every key, its default and
 * meaning are in {@link ValueKeys#ALL} (and the README's "Installing on Kubernetes" table). Read
 * with {@link #read(Path)}; a bad file is a {@link ValuesException} naming file:line and key.
 *
 * @param name install name (label {@code skiff.dev/install}, prefix of cluster-scoped names)
 * @param namespace the Skiff namespace
 * @param image Skiff's image
 * @param imagePullPolicy the pull policy of Skiff's image
 * @param replicas server replicas
 * @param port the server's port, and Service {@code skiff}'s
 * @param serverResources requests and limits of one server replica
 * @param database where the database is
 * @param artifacts the artifact bucket
 * @param auth how users sign in
 * @param exposure how the server is reached from outside the cluster
 * @param kubernetes the {@code kubernetes.*} settings passed to the server
 * @param networkPolicy whether to emit NetworkPolicies
 */
public record DeployValues(
    String name,
    String namespace,
    String image,
    String imagePullPolicy,
    int replicas,
    int port,
    Resources serverResources,
    Database database,
    Artifacts artifacts,
    Auth auth,
    Exposure exposure,
    Kubernetes kubernetes,
    boolean networkPolicy) {

  /** Requests and limits (Kubernetes quantities). */
  public record Resources(
      String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {}

  /** The database: in-cluster PostgreSQL or an external one (Cloud SQL, RDS). */
  public sealed interface Database {
    /** The database user. */
    String user();

    /** The Secret (key {@code password}) holding the user's password. */
    String passwordSecret();
  }

  /** PostgreSQL as a StatefulSet in the Skiff namespace. */
  public record InClusterPostgres(
      String user,
      String passwordSecret,
      String image,
      String storage,
      String storageClass,
      Resources resources)
      implements Database {}

  /** A database outside the cluster, reached by its JDBC URL. */
  public record ExternalDatabase(String url, String user, String passwordSecret)
      implements Database {}

  /**
   * The S3-compatible bucket for artifacts.
   *
   * @param endpoint empty for AWS
   * @param region empty for the server's default
   * @param credentialsSecret empty when credentials come from Workload Identity or the node
   * @param gcpServiceAccount empty unless Workload Identity is used
   */
  public record Artifacts(
      String bucket,
      String endpoint,
      String region,
      String prefix,
      String credentialsSecret,
      String gcpServiceAccount) {}

  /**
   * Sign-in. Only the fields of {@code mode} are meaningful; the others are empty.
   *
   * @param mode {@code oidc}, {@code iap} or {@code proxy}
   */
  public record Auth(
      String mode,
      String externalUrl,
      List<String> admins,
      List<String> allowedDomains,
      List<String> allowedEmails,
      String iapAudience,
      String iapOauthSecret,
      String oidcIssuer,
      String oidcClientId,
      String oidcClientSecretSecret,
      String proxyHeader,
      List<String> proxyTrustedAddresses) {}

  /**
   * Exposure outside the cluster.
   *
   * @param type {@code none}, {@code ingress} or {@code gateway}
   */
  public record Exposure(
      String type,
      String host,
      String ingressClassName,
      String tlsSecretName,
      boolean managedCertificate,
      String staticIpName,
      String gatewayName,
      String gatewayNamespace) {}

  /** The {@code kubernetes.*} server settings; empty strings leave the server's default. */
  public record Kubernetes(
      String serviceAccount,
      List<String> accelerators,
      String clusterDomain,
      String notebookImage,
      String workspaceSize,
      String storageClass) {}

  /** Reads and checks a values file. */
  public static DeployValues read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ValuesException(file + ": cannot read values file: " + e.getMessage());
    }
    return parse(file.getFileName().toString(), text);
  }

  /** Reads and checks values from {@code text}; {@code fileName} starts every error. */
  public static DeployValues parse(String fileName, String text) {
    return ValuesReader.read(ValuesFile.parse(fileName, text));
  }

  /** The same values under another install name (the CLI's {@code --name}). */
  public DeployValues withName(String newName) {
    ValuesReader.checkName("--name", newName);
    return new DeployValues(
        newName,
        namespace,
        image,
        imagePullPolicy,
        replicas,
        port,
        serverResources,
        database,
        artifacts,
        auth,
        exposure,
        kubernetes,
        networkPolicy);
  }

  /** The in-cluster PostgreSQL, if that is the database. */
  public Optional<InClusterPostgres> postgres() {
    return database instanceof InClusterPostgres p ? Optional.of(p) : Optional.empty();
  }
}
