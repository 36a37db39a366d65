package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/**
 * A profile plugin (Kubeflow's {@code Plugin}): {@code WorkloadIdentity} with {@code spec:
 * {gcpServiceAccount}}, or {@code AwsIamForServiceAccount} with {@code spec: {awsIamRole,
 * annotateOnly}}. The spec is free-form in Kubeflow's CRD; the reconciler checks it.
 *
 * @param kind the plugin
 * @param spec its settings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfilePlugin(@Required String kind, ProfilePluginSpec spec) {

  /** GKE Workload Identity: {@code default-editor} acts as a Google service account. */
  public static final String WORKLOAD_IDENTITY = "WorkloadIdentity";

  /** EKS IAM roles for service accounts: {@code default-editor} assumes an AWS IAM role. */
  public static final String AWS_IAM = "AwsIamForServiceAccount";

  /** A WorkloadIdentity plugin for {@code gcpServiceAccount}. */
  public static ProfilePlugin workloadIdentity(String gcpServiceAccount) {
    return new ProfilePlugin(
        WORKLOAD_IDENTITY, new ProfilePluginSpec(gcpServiceAccount, null, null));
  }
}
