/**
 * Skiff's custom resources, in Kubeflow's {@code kubeflow.org/v1} shapes: {@code Profile} and
 * {@code Notebook}. The CRDs are generated from these classes ({@code
 * dev.skiff.kubernetes.operator.CustomResourceDefinitions}).
 */
package dev.skiff.kubernetes.resource;
