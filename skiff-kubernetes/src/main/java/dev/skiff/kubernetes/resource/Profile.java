package dev.skiff.kubernetes.resource;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Kubeflow's {@code Profile} ({@code kubeflow.org/v1}, cluster-scoped): a tenant, reconciled into a
 * namespace of the same name with its owner's and members' access, a resource quota and a network
 * policy. The shape is Kubeflow's, so its manifests apply unchanged.
 */
@Group(Profile.GROUP)
@Version(value = Profile.VERSION, storage = true, served = true)
@Kind("Profile")
@Plural("profiles")
@Singular("profile")
@AdditionalPrinterColumn(
    name = "Owner",
    jsonPath = ".spec.owner.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Profile extends CustomResource<ProfileSpec, ProfileStatus> {
  /** The API group. */
  public static final String GROUP = "kubeflow.org";

  /** The (only) version. */
  public static final String VERSION = "v1";

  /** {@code kubeflow.org/v1}. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** A profile named {@code name} with {@code spec}. */
  public static Profile of(String name, ProfileSpec spec) {
    Profile p = new Profile();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    p.setMetadata(meta);
    p.setSpec(spec);
    return p;
  }
}
