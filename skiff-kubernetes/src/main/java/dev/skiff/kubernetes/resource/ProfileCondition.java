package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/**
 * One status condition, in Kubernetes' usual shape.
 *
 * @param type e.g. {@code Ready}
 * @param status {@code True}, {@code False} or {@code Unknown}
 * @param reason a CamelCase word for machines, e.g. {@code InvalidSpec}
 * @param message for people; for invalid input it names the field
 * @param lastTransitionTime when {@code status} last changed (RFC 3339)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileCondition(
    @Required String type,
    @Required String status,
    String reason,
    String message,
    String lastTransitionTime) {

  /** The condition type that says whether everything the profile asks for exists. */
  public static final String READY = "Ready";
}
