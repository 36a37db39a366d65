package dev.skiff.kubernetes.executor;

import dev.skiff.kubernetes.pod.PodContract;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A step pod's containers as local processes, from the pod's own spec: {@code prepare} and {@code
 * collect} run Skiff's launcher (a JVM on the tests' class path) with the environment the pod gives
 * them, {@code main} runs {@code /bin/sh <volume>/run.sh} with a plain image's PATH and HOME. The
 * shared volume is a folder ({@link PodContract#ENV_ROOT}).
 */
final class PodContainers {
  private static final long TIMEOUT_SECONDS = 120;

  /** How the pod's containers ended and what they wrote. */
  record Ended(int prepare, Integer main, Integer collect, Map<String, String> logs) {}

  private PodContainers() {}

  static Ended run(Pod pod, Path work, Runnable mainStarted) throws Exception {
    Path root = work.resolve("volume");
    Path logs = work.resolve("logs");
    Files.createDirectories(root);
    Files.createDirectories(logs);
    Map<String, String> out = new LinkedHashMap<>();
    Container prepareSpec = pod.getSpec().getInitContainers().getFirst();
    int prepare = finish(start(launcher(prepareSpec), env(prepareSpec, root), logs, "prepare"));
    out.put("prepare", read(logs, "prepare"));
    if (prepare != 0) {
      return new Ended(prepare, null, null, out);
    }
    Container collectSpec = container(pod, StepPodBuilder.COLLECT);
    Process collect = start(launcher(collectSpec), env(collectSpec, root), logs, "collect");
    Map<String, String> image = new LinkedHashMap<>();
    image.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    image.put("HOME", root.resolve("home").toString());
    Process main =
        start(
            List.of("/bin/sh", root.resolve(PodContract.RUN_SCRIPT).toString()),
            image,
            logs,
            "main");
    mainStarted.run();
    int mainExit = finish(main);
    int collectExit = finish(collect);
    out.put("main", read(logs, "main"));
    out.put("collect", read(logs, "collect"));
    return new Ended(prepare, mainExit, collectExit, out);
  }

  private static Container container(Pod pod, String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The launcher's command line with this JVM and class path in place of the image's. */
  private static List<String> launcher(Container c) {
    List<String> spec = c.getCommand();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(spec.subList(spec.indexOf(PodContract.LAUNCHER_MAIN), spec.size()));
    return cmd;
  }

  private static Map<String, String> env(Container c, Path root) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      }
    }
    env.put(PodContract.ENV_ROOT, root.toString());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  private static Process start(
      List<String> command, Map<String, String> env, Path logs, String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(logs.resolve(name + ".log").toFile());
    return pb.start();
  }

  private static int finish(Process p) throws Exception {
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("a container did not end in " + TIMEOUT_SECONDS + " s");
    }
    return p.exitValue();
  }

  private static String read(Path logs, String name) throws IOException {
    return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
  }
}
