/**
 * The Kubernetes step executor: each attempt of a container step is a pod ({@link
 * dev.skiff.kubernetes.executor.StepPodBuilder}) laid out as {@link
 * dev.skiff.kubernetes.pod.PodContract} says, followed through one informer and read back from the
 * attempt's report in the artifact store ({@link dev.skiff.kubernetes.executor.PodExecutor}).
 */
package dev.skiff.kubernetes.executor;
