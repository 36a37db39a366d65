package dev.skiff.cli;

import dev.skiff.deploy.values.DeployValues;
import dev.skiff.deploy.values.ValuesException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which install status and teardown act on: the one a values file describes, or the one in a
 * namespace.
 */
final class InstallTarget {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "skiff",
      description = "Install name with --namespace (default: ${DEFAULT-VALUE}).")
  String name;

  /** --values or --namespace, exactly one. */
  static final class Source {
    @Option(names = "--values", paramLabel = "FILE", description = "The install's values file.")
    Path values;

    @Option(
        names = "--namespace",
        paramLabel = "NS",
        description = "Skiff's namespace (where ConfigMap skiff-inventory is).")
    String namespace;
  }

  /** The install's namespace and name. */
  record Resolved(String namespace, String name) {}

  Resolved resolve() {
    if (source.namespace != null) {
      return new Resolved(source.namespace, name);
    }
    try {
      DeployValues v = DeployValues.read(source.values);
      return new Resolved(v.namespace(), v.name());
    } catch (ValuesException e) {
      throw new UsageError(e.getMessage());
    }
  }
}
