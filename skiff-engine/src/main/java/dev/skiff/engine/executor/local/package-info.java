/**
 * The local {@link dev.skiff.engine.executor.StepExecutor}: steps as processes on this machine, in
 * their own process groups, admitted against the machine's cores, memory and NVIDIA GPUs ({@link
 * dev.skiff.engine.executor.local.Admission}), with outputs collected as KFP's launcher does
 * ({@link dev.skiff.engine.executor.local.OutputCollector}).
 */
package dev.skiff.engine.executor.local;
