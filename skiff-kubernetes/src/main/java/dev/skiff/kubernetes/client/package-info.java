/** Building the fabric8 client from Skiff's settings and fabric8's credential chain. */
package dev.skiff.kubernetes.client;
