/**
 * The in-pod step launcher ({@link dev.skiff.kubernetes.launcher.PodLauncherMain}): {@code prepare}
 * fetches a step's inputs into the pod's shared volume and writes the script the user's image runs
 * with {@code /bin/sh}; {@code collect} stores the step's outputs and then its report, as {@link
 * dev.skiff.kubernetes.pod.PodContract} lays out.
 */
package dev.skiff.kubernetes.launcher;
