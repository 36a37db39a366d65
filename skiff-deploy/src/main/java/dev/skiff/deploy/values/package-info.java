/**
 * The values file of a cluster install ({@link dev.skiff.deploy.values.DeployValues}): YAML, every
 * key listed with its default in {@link dev.skiff.deploy.values.ValueKeys}, unknown keys and bad
 * values refused in one line naming file:line and the key ({@link
 * dev.skiff.deploy.values.ValuesException}).
 */
package dev.skiff.deploy.values;
