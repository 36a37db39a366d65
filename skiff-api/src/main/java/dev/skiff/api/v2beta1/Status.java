package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Why a run or task failed: KFP's {@code error} field, a {@code google.rpc.Status} of which Skiff
 * fills the message.
 *
 * @param message what went wrong
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Status(String message) {}
