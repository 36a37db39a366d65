package dev.skiff.kubernetes.operator.profile;

import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfilePlugin;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileRole;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The objects a valid {@link Profile} stands for, as Kubeflow's profile controller makes them: the
 * namespace, the {@code default-editor}/{@code default-viewer} service accounts and their bindings,
 * the owner's {@code namespaceAdmin} binding, one binding per Skiff member, the quota and the
 * network policy. Pure: builds objects, writes nothing.
 *
 * <p>Roles are Kubernetes' built-in {@code admin}, {@code edit} and {@code view} ClusterRoles (they
 * exist on every cluster; Kubeflow's {@code kubeflow-*} roles aggregate the same ones).
 *
 * @param profile the profile (valid, see {@link ProfileCheck})
 * @param skiffNamespace where Skiff runs: the one other namespace the network policy admits
 */
public record ProfileObjects(Profile profile, String skiffNamespace) {

  /** Label on everything made for a profile: {@code skiff-profile}. */
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /** Label naming the writer: {@code skiff}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** Label naming the profile an object belongs to. */
  public static final String PROFILE_LABEL = "skiff.dev/profile";

  /** Label on member bindings, so stale ones are found without touching others' bindings. */
  public static final String MEMBER_LABEL = "skiff.dev/profile-member";

  /** The owner's binding (Kubeflow's name). */
  public static final String OWNER_BINDING = "namespaceAdmin";

  /** The quota's name (Kubeflow's name). */
  public static final String QUOTA = "kf-resource-quota";

  /** The network policy's name. */
  public static final String NETWORK_POLICY = "skiff-profile-isolation";

  /** The service account pods run as, with edit rights. */
  public static final String EDITOR = "default-editor";

  /** A read-only service account. */
  public static final String VIEWER = "default-viewer";

  /** GKE Workload Identity's service account annotation. */
  public static final String GKE_SERVICE_ACCOUNT = "iam.gke.io/gcp-service-account";

  /** EKS IAM roles for service accounts' annotation. */
  public static final String EKS_ROLE = "eks.amazonaws.com/role-arn";

  private static final String RBAC = "rbac.authorization.k8s.io";

  public ProfileObjects {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(skiffNamespace, "skiffNamespace");
  }

  /** The namespace's name: the profile's. */
  public String namespace() {
    return profile.getMetadata().getName();
  }

  /** The owner reference that ties an object to the profile (garbage collection). */
  public OwnerReference ownerReference() {
    return new OwnerReferenceBuilder()
        .withApiVersion(Profile.API_VERSION)
        .withKind("Profile")
        .withName(profile.getMetadata().getName())
        .withUid(profile.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Whether {@code ns} was made for this profile (its owner reference carries the uid). */
  public boolean owns(Namespace ns) {
    String uid = profile.getMetadata().getUid();
    return uid != null
        && ns.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()));
  }

  /** The namespace, annotated with its owner and owned by the profile. */
  public Namespace namespaceObject() {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(namespace())
        .withLabels(labels())
        .addToLabels("pipelines.kubeflow.org/enabled", "true")
        .addToAnnotations("owner", owner().name())
        .withOwnerReferences(ownerReference())
        .endMetadata()
        .build();
  }

  /**
   * The artifact store's credentials for the profile's step pods: a copy of {@code source} (the
   * Secret {@code kubernetes.artifactSecret} in Skiff's namespace) under the same name, owned by
   * the profile, as Kubeflow copies its {@code mlpipeline-minio-artifact} Secret into each profile.
   */
  public Secret artifactCredentials(Secret source) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(source.getMetadata().getName())
        .withNamespace(namespace())
        .withLabels(labels())
        .withOwnerReferences(ownerReference())
        .endMetadata()
        .withType(source.getType())
        .withData(source.getData())
        .withStringData(source.getStringData())
        .build();
  }

  /** {@code default-editor} (with the plugins' cloud identity) and {@code default-viewer}. */
  public List<ServiceAccount> serviceAccounts() {
    Map<String, String> identity = new LinkedHashMap<>();
    for (ProfilePlugin p : plugins()) {
      if (ProfilePlugin.WORKLOAD_IDENTITY.equals(p.kind())) {
        identity.put(GKE_SERVICE_ACCOUNT, p.spec().gcpServiceAccount());
      } else if (ProfilePlugin.AWS_IAM.equals(p.kind())) {
        identity.put(EKS_ROLE, p.spec().awsIamRole());
      }
    }
    return List.of(serviceAccount(EDITOR, identity), serviceAccount(VIEWER, Map.of()));
  }

  /** The service accounts' bindings and the owner's {@code namespaceAdmin}. */
  public List<RoleBinding> fixedBindings() {
    return List.of(
        binding(EDITOR, "edit", serviceAccountSubject(EDITOR), Map.of()),
        binding(VIEWER, "view", serviceAccountSubject(VIEWER), Map.of()),
        binding(
            OWNER_BINDING,
            "admin",
            ownerSubject(),
            Map.of("user", owner().name(), "role", "admin")));
  }

  /**
   * One binding per member (not the owner, who has {@code namespaceAdmin}), named as Kubeflow's
   * access management names them ({@code user-alice-x-com-clusterrole-edit}), so a role change is a
   * new binding and the old one goes as stale.
   */
  public List<RoleBinding> memberBindings(List<Member> members) {
    return members.stream()
        .filter(m -> !("User".equals(owner().kind()) && m.userId().equals(owner().name())))
        .map(
            m -> {
              String role = clusterRole(m.role());
              RoleBinding b =
                  binding(
                      memberBindingName(m.userId(), role),
                      role,
                      new SubjectBuilder()
                          .withKind("User")
                          .withApiGroup(RBAC)
                          .withName(m.userId())
                          .build(),
                      Map.of("user", m.userId(), "role", role));
              b.getMetadata().getLabels().put(MEMBER_LABEL, "true");
              return b;
            })
        .toList();
  }

  /** The quota from {@code spec.resourceQuotaSpec}, or {@code null} when it limits nothing. */
  public ResourceQuota quota() {
    var spec = profile.getSpec().resourceQuotaSpec();
    if (spec == null || spec.getHard() == null || spec.getHard().isEmpty()) {
      return null;
    }
    return new ResourceQuotaBuilder()
        .withNewMetadata()
        .withName(QUOTA)
        .withNamespace(namespace())
        .withLabels(labels())
        .endMetadata()
        .withNewSpec()
        .withHard(spec.getHard())
        .withScopes(spec.getScopes())
        .withScopeSelector(spec.getScopeSelector())
        .endSpec()
        .build();
  }

  /** Ingress only from the namespace itself and from Skiff's namespace (its notebook proxy). */
  public NetworkPolicy networkPolicy() {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(NETWORK_POLICY)
        .withNamespace(namespace())
        .withLabels(labels())
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .endPodSelector()
        .endFrom()
        .addNewFrom()
        .withNewNamespaceSelector()
        .addToMatchLabels("kubernetes.io/metadata.name", skiffNamespace)
        .endNamespaceSelector()
        .endFrom()
        .endIngress()
        .endSpec()
        .build();
  }

  /** The ClusterRole a Skiff role maps to. */
  public static String clusterRole(ProfileRole role) {
    return switch (role) {
      case OWNER, ADMIN -> "admin";
      case EDIT -> "edit";
      case VIEW -> "view";
    };
  }

  /** Kubeflow access management's binding name for a user and ClusterRole. */
  public static String memberBindingName(String user, String clusterRole) {
    String name = ("user-" + user + "-clusterrole-" + clusterRole).toLowerCase(Locale.ROOT);
    return name.replaceAll("[^a-z0-9]", "-");
  }

  private ServiceAccount serviceAccount(String name, Map<String, String> annotations) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace())
        .withLabels(labels())
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .build();
  }

  private RoleBinding binding(
      String name, String clusterRole, Subject subject, Map<String, String> annotations) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace())
        .withLabels(labels())
        .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup(RBAC)
        .withKind("ClusterRole")
        .withName(clusterRole)
        .endRoleRef()
        .withSubjects(subject)
        .build();
  }

  private Subject serviceAccountSubject(String name) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(namespace())
        .build();
  }

  private Subject ownerSubject() {
    ProfileOwner o = owner();
    SubjectBuilder b = new SubjectBuilder().withKind(o.kind()).withName(o.name());
    return "ServiceAccount".equals(o.kind())
        ? b.withNamespace(o.namespace()).build()
        : b.withApiGroup(RBAC).build();
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PART_OF, "skiff-profile");
    labels.put(MANAGED_BY, "skiff");
    labels.put(PROFILE_LABEL, namespace());
    return labels;
  }

  private ProfileOwner owner() {
    return profile.getSpec().owner();
  }

  private List<ProfilePlugin> plugins() {
    return profile.getSpec().plugins() == null ? List.of() : profile.getSpec().plugins();
  }
}
