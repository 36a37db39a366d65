package dev.skiff.kubernetes.notebook;

import dev.skiff.kubernetes.operator.notebook.NotebookObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;

/**
 * An init container that writes the KFP SDK's context file, {@code ~/.config/kfp/context.json}, in
 * the workspace volume, as the engine writes it in a local workspace: so that {@code kfp.Client()}
 * with no arguments sends the server's KFP token and uses the profile's namespace (kfp 2.x sends no
 * token of its own once {@code KF_PIPELINES_ENDPOINT} sets the host). The user's other keys are
 * kept; a file that is not a JSON object is replaced; folders 0700, the file 0600. It runs in the
 * server's own image (as its user, so the file is theirs) and never fails the pod: an image without
 * Python only loses the file. Pure.
 */
final class KfpContextInit {
  /** The init container's name. */
  static final String NAME = "kfp-context";

  private static final String SCRIPT =
      """
      import json, os
      p = os.path.join(os.environ["HOME"], ".config", "kfp", "context.json")
      os.makedirs(os.path.dirname(p), mode=0o700, exist_ok=True)
      try:
          with open(p) as f:
              d = json.load(f)
          d = d if isinstance(d, dict) else {}
      except (OSError, ValueError):
          d = {}
      with open(os.environ["KFP_TOKEN_FILE"]) as f:
          t = f.read().strip()
      d["namespace"] = os.environ["KFP_NAMESPACE"]
      d["client_authentication_header_name"] = "Authorization"
      d["client_authentication_header_value"] = "Bearer " + t
      if os.path.islink(p):
          os.unlink(p)
      fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
      with os.fdopen(fd, "w") as f:
          json.dump(d, f)
      os.chmod(p, 0o600)
      """;

  private KfpContextInit() {}

  /**
   * The container.
   *
   * @param image the server's image
   * @param namespace the profile's namespace (the context's default namespace)
   * @param tokenFile where the KFP token is mounted
   */
  static Container of(String image, String namespace, String tokenFile) {
    return new ContainerBuilder()
        .withName(NAME)
        .withImage(image)
        .withCommand(
            "sh",
            "-c",
            "python3 -c \"$KFP_CONTEXT_SCRIPT\""
                + " || echo 'cannot write ~/.config/kfp/context.json: kfp.Client() will not"
                + " authenticate'")
        .withEnv(
            new EnvVar("HOME", NotebookObjects.HOME, null),
            new EnvVar("KFP_NAMESPACE", namespace, null),
            new EnvVar("KFP_TOKEN_FILE", tokenFile, null),
            new EnvVar("KFP_CONTEXT_SCRIPT", SCRIPT, null))
        .addNewVolumeMount()
        .withName("workspace")
        .withMountPath(NotebookObjects.HOME)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("kfp-token")
        .withMountPath(ServerNotebook.KFP_TOKEN_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .build();
  }
}
