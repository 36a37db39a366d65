/**
 * The contract between the Kubernetes step executor (which builds a step's pod and reads how it
 * ended) and the in-pod launcher (which fetches inputs, runs the user's command and reports):
 * volume layout, environment names, the launcher's command line and where an attempt's report and
 * archived log are kept in the artifact store.
 */
package dev.skiff.kubernetes.pod;
