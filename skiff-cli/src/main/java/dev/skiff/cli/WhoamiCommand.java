package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v1.IdentityJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skiff whoami}: who the server takes the caller for, and their profiles. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Show who the server says you are: user, default profile, roles, sign-in method.")
final class WhoamiCommand implements Callable<Integer> {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json: the server's /api/v1/me answer.")
  String output;

  @Mixin ServerTarget target;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean json = OutputFormat.isJson(output);
    PrintWriter out = spec.commandLine().getOut();
    try (IdentityClient client = target.open()) {
      IdentityJson.Me me = client.me();
      if (json) {
        out.println(ApiJson.write(me));
        return 0;
      }
      out.printf(
          "user:            %s%s%n",
          me.user(), me.platformAdmin() ? " (platform administrator)" : "");
      if (me.displayName() != null && !me.displayName().isBlank()) {
        out.printf("name:            %s%n", me.displayName());
      }
      out.printf("server:          %s%n", client.server());
      out.printf("signed in with:  %s%n", me.authMethod());
      out.printf(
          "default profile: %s%n",
          me.defaultProfile() == null || me.defaultProfile().isEmpty() ? "-" : me.defaultProfile());
      out.printf(
          "profiles:        %s%n",
          me.profiles() == null || me.profiles().isEmpty()
              ? "-"
              : me.profiles().stream()
                  .map(p -> p.name() + " (" + p.role() + ")")
                  .collect(Collectors.joining(", ")));
      return 0;
    }
  }
}
