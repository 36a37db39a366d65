package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * A plugin's settings. Kubeflow's CRD leaves a plugin's {@code spec} free-form, so unknown fields
 * are kept; the fields of the two plugins Kubeflow defines are typed.
 *
 * @param gcpServiceAccount {@code WorkloadIdentity}: the Google service account {@code
 *     default-editor} acts as
 * @param awsIamRole {@code AwsIamForServiceAccount}: the IAM role ARN
 * @param annotateOnly {@code AwsIamForServiceAccount}: only annotate the service account (Skiff
 *     always only annotates; it never edits IAM trust policies)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@PreserveUnknownFields
public record ProfilePluginSpec(
    String gcpServiceAccount, String awsIamRole, Boolean annotateOnly) {}
