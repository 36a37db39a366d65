package dev.skiff.engine.executor.local;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process started by a {@link SessionSpawner}: its streams are files (nothing to read or
 * write here), and its exit status arrives through {@code exit}, completed by whoever waits for the
 * child. Signals go through the {@link ProcessHandle} taken at the start, which checks the start
 * time, so a pid reused after the exit is never signalled.
 */
final class SpawnedProcess extends Process {
  private final ProcessHandle handle;
  private final CompletableFuture<Integer> exit;

  SpawnedProcess(ProcessHandle handle, CompletableFuture<Integer> exit) {
    this.handle = handle;
    this.exit = exit;
  }

  @Override
  public OutputStream getOutputStream() {
    return OutputStream.nullOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public int waitFor() throws InterruptedException {
    try {
      return exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot wait for process " + pid(), e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot wait for process " + pid(), e.getCause());
    }
  }

  @Override
  public int exitValue() {
    Integer value = exit.getNow(null);
    if (value == null) {
      throw new IllegalThreadStateException("process " + pid() + " has not exited");
    }
    return value;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public void destroy() {
    if (isAlive()) {
      handle.destroy();
    }
  }

  @Override
  public Process destroyForcibly() {
    if (isAlive()) {
      handle.destroyForcibly();
    }
    return this;
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
  }

  @Override
  public long pid() {
    return handle.pid();
  }

  @Override
  public ProcessHandle toHandle() {
    return handle;
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return exit.thenApply(status -> this);
  }
}
