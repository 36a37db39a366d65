package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * KFP's v2beta1 {@code Experiment}: as the experiment endpoints answer it, and as {@code POST
 * /apis/v2beta1/experiments} reads it (output fields are then ignored).
 *
 * @param experimentId its id
 * @param displayName its name, unique in the namespace
 * @param description free text
 * @param createdAt when it was created
 * @param namespace the profile it belongs to
 * @param storageState {@code AVAILABLE} or {@code ARCHIVED}
 * @param lastRunCreatedAt when its newest run was created
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Experiment(
    String experimentId,
    String displayName,
    String description,
    Instant createdAt,
    String namespace,
    String storageState,
    Instant lastRunCreatedAt) {}
