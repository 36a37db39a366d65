/**
 * Recurring runs (KFP's RecurringRun): {@link dev.skiff.engine.recurring.Trigger}s (cron or a fixed
 * interval) and the {@link dev.skiff.engine.recurring.RecurringRunScheduler} that fires their
 * ticks, each exactly once across servers and restarts (claimed in the database).
 */
package dev.skiff.engine.recurring;
