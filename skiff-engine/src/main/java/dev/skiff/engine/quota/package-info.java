/**
 * Per-profile quotas on running steps: how many steps, how much CPU, memory and how many GPUs the
 * running steps of one profile may request together.
 *
 * <p>The check sits above the executor seam, so it holds for every executor: the run driver asks
 * the engine-wide {@link dev.skiff.engine.quota.QuotaLedger} before it hands an attempt to the
 * executor. A step that would pass its profile's quota waits (its reason on the task) and starts
 * once the profile's usage drops; the profile's waiting steps start in the order they began to
 * wait, and one profile's waiting steps never hold back another profile's. A step that asks for
 * more than the quota allows at all fails as unschedulable. The limits come from a {@link
 * dev.skiff.engine.quota.QuotaSource}, normally the store's profiles, read through a short cache.
 */
package dev.skiff.engine.quota;
