/**
 * Applying Skiff's manifests to a cluster ({@code skiff deploy}), reading back their state ({@code
 * skiff status}) and removing exactly what was installed ({@code skiff teardown}).
 *
 * <p>{@link dev.skiff.deploy.apply.Installer} applies in phases with gates between them (namespaces
 * and CRDs, then Established and discoverable; RBAC and webhooks, then their backing Deployments
 * Available; everything else, then the workloads ready), retrying only a short list of transient
 * errors ({@link dev.skiff.deploy.apply.TransientErrors}) and stopping at any other error with the
 * object and a fix named ({@link dev.skiff.deploy.apply.InstallException}). Every object carries
 * {@link dev.skiff.deploy.render.InstallLabels} and is recorded in the {@link
 * dev.skiff.deploy.apply.Inventory}, which {@link dev.skiff.deploy.apply.Teardown} and {@link
 * dev.skiff.deploy.apply.InstallStatus} read.
 */
package dev.skiff.deploy.apply;
