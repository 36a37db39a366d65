package dev.skiff.engine.executor.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds NVIDIA GPUs with {@code nvidia-smi -L}. */
public final class NvidiaSmi {

  private static final Pattern GPU_LINE =
      Pattern.compile("^GPU (\\d+): (.*?)\\s*\\(UUID: ([^)]+)\\)\\s*$");

  private NvidiaSmi() {}

  /**
   * One GPU as {@code nvidia-smi -L} lists it.
   *
   * @param index the CUDA index ({@code GPU 0:})
   * @param name e.g. {@code NVIDIA H200}
   * @param uuid e.g. {@code GPU-8f6b...}
   */
  public record Gpu(int index, String name, String uuid) {}

  /**
   * What the detection found.
   *
   * @param gpus the GPUs, in index order
   * @param summary for messages: {@code nvidia-smi found 2}, {@code nvidia-smi found none}, {@code
   *     nvidia-smi is not installed}, {@code nvidia-smi failed: ...}
   */
  public record Detection(List<Gpu> gpus, String summary) {
    /** Copies the list. */
    public Detection {
      gpus = List.copyOf(gpus);
    }
  }

  /**
   * Reads the output of {@code nvidia-smi -L}: one {@code GPU <index>: <name> (UUID: <uuid>)} line
   * per GPU. MIG device lines and anything else are ignored.
   */
  public static List<Gpu> parse(String output) {
    List<Gpu> gpus = new ArrayList<>();
    for (String line : output.lines().toList()) {
      Matcher m = GPU_LINE.matcher(line.strip());
      if (m.matches()) {
        gpus.add(new Gpu(Integer.parseInt(m.group(1)), m.group(2), m.group(3).strip()));
      }
    }
    return gpus;
  }

  /** Runs {@code nvidia-smi -L} (at most 10 seconds); never throws. */
  public static Detection detect() {
    Process p;
    try {
      p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Detection(List.of(), "nvidia-smi is not installed");
    }
    try {
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(1 << 20);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Detection(List.of(), "nvidia-smi did not answer within 10 s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        String first = text.lines().findFirst().orElse("exit code " + p.exitValue());
        return new Detection(List.of(), "nvidia-smi failed: " + first.strip());
      }
      List<Gpu> gpus = parse(text);
      return new Detection(
          gpus, gpus.isEmpty() ? "nvidia-smi found none" : "nvidia-smi found " + gpus.size());
    } catch (IOException e) {
      return new Detection(List.of(), "nvidia-smi failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new Detection(List.of(), "nvidia-smi was interrupted");
    }
  }
}
