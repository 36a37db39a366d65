/**
 * Run ownership: exactly one process drives an unfinished run. It holds a lease on the run in the
 * store, renewed by a heartbeat; every write of its driver is fenced by that lease; another process
 * takes a run over only when the lease has lapsed or its owner is known to be dead, through a
 * compare-and-set, so that exactly one succeeds.
 */
package dev.skiff.engine.ownership;
