package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The database password's Secret with a new random password, for {@code skiff deploy} to create
 * when the Secret does not exist yet (never to overwrite: PostgreSQL keeps the password it was
 * initialised with). Not part of {@link InstallManifests#render}, so GitOps output holds no secret.
 */
public final class DatabaseSecret {
  /** The key in the Secret that holds the password. */
  public static final String KEY = "password";

  private DatabaseSecret() {}

  /** A Secret named {@code database.passwordSecret} with 32 random hex characters. */
  public static Secret generate(DeployValues values, SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    Secret s =
        new SecretBuilder()
            .withNewMetadata()
            .withName(values.database().passwordSecret())
            .withNamespace(values.namespace())
            .endMetadata()
            .withType("Opaque")
            .withStringData(Map.of(KEY, HexFormat.of().formatHex(bytes)))
            .build();
    return InstallLabels.apply(s, values.name());
  }
}
