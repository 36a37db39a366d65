package dev.skiff.cli;

import static dev.skiff.cli.ServerHttp.segment;

import dev.skiff.api.v1.IdentityJson;
import dev.skiff.api.v1.NotebookJson;
import java.util.Map;

/**
 * A server's notebook API under {@code /api/v1}: the spawner's configuration and the notebook
 * servers of a profile, in the records of {@link NotebookJson}. Notebook servers are run by the
 * server, so there is no in-process form of this client.
 */
final class NotebookClient implements AutoCloseable {
  private static final String V1 = "/api/v1";

  private final ServerHttp http;

  NotebookClient(ServerHttp http) {
    this.http = http;
  }

  /** The server's base URL, without a trailing slash. */
  String server() {
    return http.server();
  }

  /** The full URL of a path on the server, e.g. a notebook's {@code /notebook/p/n/}. */
  String url(String path) {
    return http.server() + path;
  }

  /** The caller's default profile (where commands without {@code --profile} act). */
  String defaultProfile() {
    return http.read(http.get(V1 + "/me"), IdentityJson.Me.class).defaultProfile();
  }

  NotebookJson.Config config() {
    return http.read(http.get(V1 + "/notebook-config"), NotebookJson.Config.class);
  }

  NotebookJson.NotebookList list(String profile) {
    return http.read(http.get(path(profile)), NotebookJson.NotebookList.class);
  }

  NotebookJson.Notebook get(String profile, String name) {
    return http.read(http.get(path(profile, name)), NotebookJson.Notebook.class);
  }

  NotebookJson.Notebook create(String profile, Object request) {
    return http.read(http.post(path(profile), request), NotebookJson.Notebook.class);
  }

  /** Stops ({@code true}) or starts ({@code false}) a notebook server. */
  NotebookJson.Notebook setStopped(String profile, String name, boolean stopped) {
    return http.read(
        http.patch(path(profile, name), Map.of("stopped", stopped)), NotebookJson.Notebook.class);
  }

  void delete(String profile, String name, boolean deleteWorkspace) {
    http.ok(http.delete(path(profile, name) + (deleteWorkspace ? "?delete_workspace=true" : "")));
  }

  NotebookJson.EventList events(String profile, String name) {
    return http.read(http.get(path(profile, name) + "/events"), NotebookJson.EventList.class);
  }

  NotebookJson.Log logs(String profile, String name, long offset) {
    return http.read(
        http.get(path(profile, name) + "/logs?offset=" + offset), NotebookJson.Log.class);
  }

  @Override
  public void close() {
    http.close();
  }

  private static String path(String profile) {
    return V1 + "/profiles/" + segment(profile) + "/notebooks";
  }

  private static String path(String profile, String name) {
    return path(profile) + "/" + segment(name);
  }
}
