package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler found (Kubeflow's {@code ProfileStatus}).
 *
 * @param conditions {@code Ready} (and Kubeflow readers' condition types) with reason and message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileStatus(List<ProfileCondition> conditions) {
  public ProfileStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  /** The condition of {@code type}, if present. */
  public Optional<ProfileCondition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
  }
}
