package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One entry of a task's {@code child_tasks}.
 *
 * @param taskId the child's {@link PipelineTaskDetail#taskId()}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChildTask(String taskId) {}
