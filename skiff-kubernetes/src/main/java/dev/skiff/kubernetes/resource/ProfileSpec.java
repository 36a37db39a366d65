package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpec;
import java.util.List;

/**
 * What a {@link Profile} asks for (Kubeflow's {@code ProfileSpec}).
 *
 * @param owner who owns the namespace (an RBAC subject: {@code User}, {@code Group} or {@code
 *     ServiceAccount}); gets the {@code admin} role there
 * @param resourceQuotaSpec the namespace's {@code ResourceQuota} ({@code kf-resource-quota}); none
 *     when {@code null} or without {@code hard} limits
 * @param plugins cloud identity for the namespace's {@code default-editor} service account
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileSpec(
    @Required ProfileOwner owner,
    ResourceQuotaSpec resourceQuotaSpec,
    List<ProfilePlugin> plugins) {}
