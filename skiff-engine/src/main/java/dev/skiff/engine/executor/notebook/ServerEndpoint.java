package dev.skiff.engine.executor.notebook;

import java.net.URI;
import java.util.List;

/**
 * Where a started server answers.
 *
 * @param base its base URL, ending in its base path
 * @param token its own token ({@code Authorization: token ...})
 * @param gpuIds the accelerators it holds
 * @param limits whether CPU and memory limits are enforced, how or why not
 */
public record ServerEndpoint(URI base, String token, List<String> gpuIds, String limits) {
  /** Copies the list. */
  public ServerEndpoint {
    gpuIds = List.copyOf(gpuIds);
  }

  @Override
  public String toString() {
    return "ServerEndpoint[" + base + ", gpus " + gpuIds + "]"; // keeps the token out of logs
  }
}
