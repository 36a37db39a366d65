package dev.skiff.engine.executor.local;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link SessionSpawner} on the C library's {@code posix_spawn} (glibc 2.34+), through the foreign
 * function API: one exec per step, with {@code POSIX_SPAWN_SETSID}, the working directory, the
 * redirections and the closing of every other descriptor done by the C library in the child.
 *
 * <p>Each child is waited for by {@code waitpid} on its own platform thread (a blocking native call
 * would pin a virtual thread's carrier); the threads are pooled and end when idle. Built only where
 * the JVM allows native access to this class's module; the constructor throws otherwise, or when a
 * function is missing from the C library.
 */
final class PosixSpawner implements SessionSpawner {
  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final short POSIX_SPAWN_SETSID = 0x80;
  private static final int O_WRONLY = 01;
  private static final int O_CREAT = 0100;
  private static final int O_APPEND = 02000;
  private static final int EINTR = 4;
  private static final int ENOEXEC = 8;

  /** Larger than glibc's posix_spawnattr_t (336 bytes), file actions (80) and sigset_t (128). */
  private static final long OPAQUE = 1024;

  private static final ExecutorService REAPERS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().daemon().name("skiff-step-reaper-", 1).factory());

  /** The C functions it calls; each must be there for the spawner to be used. */
  private static final List<String> FUNCTIONS =
      List.of(
          "posix_spawn",
          "posix_spawn_file_actions_init",
          "posix_spawn_file_actions_destroy",
          "posix_spawn_file_actions_addopen",
          "posix_spawn_file_actions_adddup2",
          "posix_spawn_file_actions_addchdir_np",
          "posix_spawn_file_actions_addclosefrom_np",
          "posix_spawnattr_init",
          "posix_spawnattr_destroy",
          "posix_spawnattr_setflags",
          "posix_spawnattr_setsigmask",
          "posix_spawnattr_setsigdefault",
          "sigemptyset",
          "sigfillset",
          "strerror",
          "waitpid");

  /**
   * Checks that it can run here: native access allowed and every function in the C library. Binding
   * them waits for the first spawn ({@link Calls}): it generates code, which a server's start
   * should not pay for when no step runs.
   */
  PosixSpawner() {
    if (!PosixSpawner.class.getModule().isNativeAccessEnabled()) {
      throw new UnsupportedOperationException("native access is not enabled");
    }
    SymbolLookup libc = Linker.nativeLinker().defaultLookup();
    for (String name : FUNCTIONS) {
      libc.find(name).orElseThrow(() -> new UnsupportedOperationException("no " + name));
    }
  }

  /** The bound functions, made on first use (class initialization runs once, thread-safely). */
  private static final class Calls {
    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LIBC = LINKER.defaultLookup();
    static final MethodHandle SPAWN =
        function("posix_spawn", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle ACTIONS_INIT =
        function("posix_spawn_file_actions_init", JAVA_INT, ADDRESS);
    static final MethodHandle ACTIONS_DESTROY =
        function("posix_spawn_file_actions_destroy", JAVA_INT, ADDRESS);
    static final MethodHandle ADD_OPEN =
        function(
            "posix_spawn_file_actions_addopen",
            JAVA_INT,
            ADDRESS,
            JAVA_INT,
            ADDRESS,
            JAVA_INT,
            JAVA_INT);
    static final MethodHandle ADD_DUP2 =
        function("posix_spawn_file_actions_adddup2", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    static final MethodHandle ADD_CHDIR =
        function("posix_spawn_file_actions_addchdir_np", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle ADD_CLOSE_FROM =
        function("posix_spawn_file_actions_addclosefrom_np", JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle ATTR_INIT = function("posix_spawnattr_init", JAVA_INT, ADDRESS);
    static final MethodHandle ATTR_DESTROY = function("posix_spawnattr_destroy", JAVA_INT, ADDRESS);
    static final MethodHandle ATTR_SET_FLAGS =
        function("posix_spawnattr_setflags", JAVA_INT, ADDRESS, JAVA_SHORT);
    static final MethodHandle ATTR_SET_SIGMASK =
        function("posix_spawnattr_setsigmask", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle ATTR_SET_SIGDEFAULT =
        function("posix_spawnattr_setsigdefault", JAVA_INT, ADDRESS, ADDRESS);
    static final MethodHandle SIG_EMPTY_SET = function("sigemptyset", JAVA_INT, ADDRESS);
    static final MethodHandle SIG_FILL_SET = function("sigfillset", JAVA_INT, ADDRESS);
    static final MethodHandle STRERROR = function("strerror", ADDRESS, JAVA_INT);
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    static final VarHandle ERRNO =
        CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final MethodHandle WAITPID =
        LINKER.downcallHandle(
            LIBC.find("waitpid").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private static MethodHandle function(String name, MemoryLayout result, MemoryLayout... args) {
      return LINKER.downcallHandle(
          LIBC.find(name).orElseThrow(), FunctionDescriptor.of(result, args));
    }
  }

  @Override
  public Process spawn(
      Path executable, List<String> argv, Map<String, String> env, Path dir, Path output)
      throws IOException {
    int pid;
    try {
      pid = start(executable.toString(), argv, env, dir, output);
    } catch (NoExecFormat e) {
      // As execvp does (and the JDK and setsid with it): a file without #! is a shell script.
      List<String> viaShell = new ArrayList<>(argv.size() + 1);
      viaShell.add(StepUmask.SH);
      viaShell.add(executable.toString());
      viaShell.addAll(argv.subList(1, argv.size()));
      pid = start(StepUmask.SH, viaShell, env, dir, output);
    }
    int child = pid;
    // The child cannot be reaped before waitpid below, so its handle (with its start time) exists.
    ProcessHandle handle =
        ProcessHandle.of(child)
            .orElseThrow(() -> new IOException("process " + child + " vanished at its start"));
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    REAPERS.execute(
        () -> {
          try {
            exit.complete(await(child));
          } catch (Throwable e) {
            exit.completeExceptionally(e);
          }
        });
    return new SpawnedProcess(handle, exit);
  }

  private static final class NoExecFormat extends IOException {
    private static final long serialVersionUID = 1L;

    NoExecFormat(String message) {
      super(message);
    }
  }

  private int start(
      String executable, List<String> argv, Map<String, String> env, Path dir, Path output)
      throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment actions = arena.allocate(OPAQUE, 16);
      MemorySegment attr = arena.allocate(OPAQUE, 16);
      MemorySegment signals = arena.allocate(OPAQUE, 16);
      check("posix_spawn_file_actions_init", (int) Calls.ACTIONS_INIT.invokeExact(actions));
      try {
        check("posix_spawnattr_init", (int) Calls.ATTR_INIT.invokeExact(attr));
        try {
          MemorySegment devNull = arena.allocateFrom("/dev/null");
          check("addopen", (int) Calls.ADD_OPEN.invokeExact(actions, 0, devNull, 0, 0));
          MemorySegment out = arena.allocateFrom(output.toString());
          int flags = O_WRONLY | O_CREAT | O_APPEND;
          check("addopen", (int) Calls.ADD_OPEN.invokeExact(actions, 1, out, flags, 0600));
          check("adddup2", (int) Calls.ADD_DUP2.invokeExact(actions, 1, 2));
          check(
              "addchdir",
              (int) Calls.ADD_CHDIR.invokeExact(actions, arena.allocateFrom(dir.toString())));
          check("addclosefrom", (int) Calls.ADD_CLOSE_FROM.invokeExact(actions, 3));
          check("sigemptyset", (int) Calls.SIG_EMPTY_SET.invokeExact(signals));
          check("setsigmask", (int) Calls.ATTR_SET_SIGMASK.invokeExact(attr, signals));
          check("sigfillset", (int) Calls.SIG_FILL_SET.invokeExact(signals));
          check("setsigdefault", (int) Calls.ATTR_SET_SIGDEFAULT.invokeExact(attr, signals));
          short spawnFlags =
              (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
          check("setflags", (int) Calls.ATTR_SET_FLAGS.invokeExact(attr, spawnFlags));
          MemorySegment pid = arena.allocate(JAVA_INT);
          int error =
              (int)
                  Calls.SPAWN.invokeExact(
                      pid,
                      arena.allocateFrom(executable),
                      actions,
                      attr,
                      strings(arena, argv),
                      strings(arena, envEntries(env)));
          if (error == ENOEXEC) {
            throw new NoExecFormat(describe(error));
          }
          if (error != 0) {
            throw new IOException(describe(error));
          }
          return pid.get(JAVA_INT, 0);
        } finally {
          int ignored = (int) Calls.ATTR_DESTROY.invokeExact(attr);
        }
      } finally {
        int ignored = (int) Calls.ACTIONS_DESTROY.invokeExact(actions);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e.toString(), e);
    }
  }

  /** Waits for the child; its exit code, or 128 + the signal that ended it (as the JDK reports). */
  private int await(int pid) throws Throwable {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment status = arena.allocate(JAVA_INT);
      MemorySegment state = arena.allocate(Calls.CALL_STATE);
      while (true) {
        int r = (int) Calls.WAITPID.invokeExact(state, pid, status, 0);
        if (r == pid) {
          int s = status.get(JAVA_INT, 0);
          return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 0x80 + (s & 0x7f);
        }
        int code = (int) Calls.ERRNO.get(state, 0L);
        if (code != EINTR) {
          throw new IOException("waitpid(" + pid + "): " + describe(code));
        }
      }
    }
  }

  private static List<String> envEntries(Map<String, String> env) {
    List<String> entries = new ArrayList<>(env.size());
    env.forEach((k, v) -> entries.add(k + "=" + v));
    return entries;
  }

  private static MemorySegment strings(Arena arena, List<String> values) {
    MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++) {
      array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
    }
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  private void check(String what, int error) throws IOException {
    if (error != 0) {
      throw new IOException(what + ": " + describe(error));
    }
  }

  private String describe(int error) {
    try {
      MemorySegment text = (MemorySegment) Calls.STRERROR.invokeExact(error);
      return "error=" + error + ", " + text.reinterpret(256).getString(0);
    } catch (Throwable e) {
      return "error=" + error;
    }
  }
}
