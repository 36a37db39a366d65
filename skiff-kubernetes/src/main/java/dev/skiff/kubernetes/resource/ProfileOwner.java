package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A profile's owner: an RBAC subject (Kubeflow uses {@code rbacv1.Subject}).
 *
 * @param kind {@code User}, {@code Group} or {@code ServiceAccount}
 * @param name the user's e-mail (Skiff's user id), group or service account name
 * @param apiGroup {@code rbac.authorization.k8s.io} for users and groups; may be omitted
 * @param namespace the service account's namespace (only for {@code ServiceAccount})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileOwner(
    @Required @Pattern("^(User|Group|ServiceAccount)$") String kind,
    @Required @Pattern("^\\S.*$") String name,
    String apiGroup,
    String namespace) {

  /** A user owner. */
  public static ProfileOwner user(String name) {
    return new ProfileOwner("User", name, null, null);
  }
}
