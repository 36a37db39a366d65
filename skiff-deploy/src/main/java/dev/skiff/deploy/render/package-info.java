/**
 * {@code skiff render}: every Kubernetes object that installs Skiff on a cluster, from one values
 * file ({@link dev.skiff.deploy.render.InstallManifests#render}), each labelled for the inventory
 * ({@link dev.skiff.deploy.render.InstallLabels}), and what Skiff's own components request ({@link
 * dev.skiff.deploy.render.Footprint}). Touches no cluster; {@code skiff deploy} applies the same
 * objects.
 */
package dev.skiff.deploy.render;
