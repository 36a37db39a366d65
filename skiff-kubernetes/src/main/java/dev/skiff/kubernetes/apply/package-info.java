/**
 * How Skiff writes objects to the API server: server-side apply with one field manager on a real
 * cluster, create-or-replace where server-side apply is not available (fabric8's mock server).
 */
package dev.skiff.kubernetes.apply;
