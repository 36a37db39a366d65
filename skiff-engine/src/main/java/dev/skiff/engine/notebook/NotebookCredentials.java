package dev.skiff.engine.notebook;

import java.nio.file.Path;
import java.util.Map;

/**
 * Gives a notebook server what its code needs to call Skiff's API in its own profile, as a Kubeflow
 * notebook pod has {@code KF_PIPELINES_*}: so that {@code kfp.Client()} with no arguments works.
 * The server implements it (it mints API tokens); the engine only asks.
 */
public interface NotebookCredentials {

  /** No credentials (tools and tests without a server). */
  NotebookCredentials NONE =
      new NotebookCredentials() {
        @Override
        public Map<String, String> issue(String profile, String name, String user, Path dir) {
          return Map.of();
        }

        @Override
        public void revoke(String profile, String name) {}
      };

  /**
   * Issues fresh credentials for a server about to start (revoking earlier ones of the same
   * notebook) and returns the environment variables to set, e.g. {@code KF_PIPELINES_ENDPOINT} and
   * {@code KF_PIPELINES_SA_TOKEN_PATH} naming a file written in {@code dir} (0600).
   *
   * @param user the notebook's creator (the token acts as them, limited to the profile)
   * @param dir a private folder of this notebook, outside its workspace
   */
  Map<String, String> issue(String profile, String name, String user, Path dir);

  /** Revokes what {@link #issue} gave (the notebook was stopped or deleted). */
  void revoke(String profile, String name);
}
