package dev.skiff.engine.notebook;

import java.net.URI;

/**
 * Where a running notebook server answers, for the proxy and the idle check. Never shown to users.
 *
 * @param base the server's base URL, ending in {@code /notebook/{profile}/{name}/} (e.g. {@code
 *     http://127.0.0.1:41234/notebook/team-a/nb1/})
 * @param token the server's own token; the proxy sends it as {@code Authorization: token ...}
 */
public record NotebookEndpoint(URI base, String token) {
  @Override
  public String toString() {
    return "NotebookEndpoint[" + base + "]"; // keeps the token out of logs
  }
}
