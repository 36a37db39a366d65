/**
 * KFP's v2beta1 REST API shapes that Skiff serves, as records ({@code KFP
 * backend/api/v2beta1/run.proto}), plus Skiff's extension of a {@link dev.skiff.api.v2beta1.Run}:
 * the {@code tasks} map ({@link dev.skiff.api.v2beta1.TaskView}). Written and read with {@link
 * dev.skiff.api.ApiJson#mapper()}: snake_case names (camelCase accepted on reading), absent fields
 * left out, RFC 3339 times.
 */
package dev.skiff.api.v2beta1;
