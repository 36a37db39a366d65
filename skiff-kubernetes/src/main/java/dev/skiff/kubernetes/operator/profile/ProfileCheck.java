package dev.skiff.kubernetes.operator.profile;

import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfilePlugin;
import dev.skiff.kubernetes.resource.ProfileSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What is wrong with a {@link Profile}, naming the field, before anything is made for it. The CRD
 * schema refuses most of this at admission; this check covers what it cannot say (a namespace
 * name's rules) and API servers or clients that skip it.
 */
public final class ProfileCheck {
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern QUANTITY =
      Pattern.compile(CustomResourceDefinitions.QUANTITY_PATTERN);
  private static final Pattern RESOURCE_NAME =
      Pattern.compile(
          "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
  private static final Set<String> OWNER_KINDS = Set.of("User", "Group", "ServiceAccount");

  private ProfileCheck() {}

  /** The first problem, as one line naming the field; empty when the profile is valid. */
  public static Optional<String> problem(Profile profile) {
    String name = profile.getMetadata().getName();
    if (name == null || name.length() > 63 || !DNS_LABEL.matcher(name).matches()) {
      return Optional.of(
          "metadata.name '"
              + name
              + "' is not a valid namespace name (at most 63 lowercase letters, digits and '-',"
              + " starting and ending with a letter or digit)");
    }
    ProfileSpec spec = profile.getSpec();
    if (spec == null) {
      return Optional.of("spec is missing");
    }
    return owner(spec.owner()).or(() -> quota(spec)).or(() -> plugins(spec.plugins()));
  }

  private static Optional<String> owner(ProfileOwner owner) {
    if (owner == null) {
      return Optional.of("spec.owner is missing");
    }
    if (owner.kind() == null || !OWNER_KINDS.contains(owner.kind())) {
      return Optional.of(
          "spec.owner.kind '" + owner.kind() + "' must be User, Group or ServiceAccount");
    }
    if (owner.name() == null || owner.name().isBlank()) {
      return Optional.of("spec.owner.name is missing");
    }
    if ("ServiceAccount".equals(owner.kind())
        && (owner.namespace() == null || owner.namespace().isBlank())) {
      return Optional.of("spec.owner.namespace is missing (a ServiceAccount owner needs one)");
    }
    return Optional.empty();
  }

  private static Optional<String> quota(ProfileSpec spec) {
    if (spec.resourceQuotaSpec() == null || spec.resourceQuotaSpec().getHard() == null) {
      return Optional.empty();
    }
    for (Map.Entry<String, Quantity> e : spec.resourceQuotaSpec().getHard().entrySet()) {
      String field = "spec.resourceQuotaSpec.hard." + e.getKey();
      if (!RESOURCE_NAME.matcher(e.getKey()).matches()) {
        return Optional.of(field + ": '" + e.getKey() + "' is not a resource name");
      }
      String value = e.getValue() == null ? "" : e.getValue().toString();
      if (!QUANTITY.matcher(value).matches()) {
        return Optional.of(field + ": '" + value + "' is not a quantity (e.g. 4, 500m, 16Gi)");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> plugins(List<ProfilePlugin> plugins) {
    if (plugins == null) {
      return Optional.empty();
    }
    for (int i = 0; i < plugins.size(); i++) {
      ProfilePlugin p = plugins.get(i);
      String field = "spec.plugins[" + i + "]";
      if (ProfilePlugin.WORKLOAD_IDENTITY.equals(p.kind())) {
        if (p.spec() == null || blank(p.spec().gcpServiceAccount())) {
          return Optional.of(field + ".spec.gcpServiceAccount is missing");
        }
      } else if (ProfilePlugin.AWS_IAM.equals(p.kind())) {
        if (p.spec() == null || blank(p.spec().awsIamRole())) {
          return Optional.of(field + ".spec.awsIamRole is missing");
        }
      } else {
        return Optional.of(
            field
                + ".kind '"
                + p.kind()
                + "' is not a plugin Skiff knows (WorkloadIdentity, AwsIamForServiceAccount)");
      }
    }
    return Optional.empty();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
