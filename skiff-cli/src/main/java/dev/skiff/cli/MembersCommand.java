package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v1.IdentityJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skiff members list|add|set|remove}: who may use a profile, and with which role ({@code
 * admin} manages members, {@code edit} runs and changes, {@code view} reads).
 */
@Command(
    name = "members",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "List, add, change and remove a profile's members. Roles: admin (manages members), edit",
      "(runs and changes), view (reads). Owners and admins change members; owners make admins."
    },
    subcommands = {
      MembersCommand.ListMembers.class,
      MembersCommand.Add.class,
      MembersCommand.Set.class,
      MembersCommand.Remove.class
    },
    commandListHeading = "%nCommands:%n")
final class MembersCommand {

  /** The options every members command has. */
  abstract static class Base extends IdentitySubcommand {
    @Parameters(index = "0", paramLabel = "PROFILE", description = "The profile.")
    String profile;
  }

  /** {@code skiff members list PROFILE}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "List a profile's members, owner first.")
  static final class ListMembers extends Base {
    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        IdentityJson.MemberList list = client.members(profile);
        if (json) {
          out().println(ApiJson.write(list));
          return 0;
        }
        out().printf("%-40s  %-6s  %-24s  %s%n", "USER", "ROLE", "ADDED BY", "ADDED");
        for (IdentityJson.Member m : list.members()) {
          out()
              .printf(
                  "%-40s  %-6s  %-24s  %s%n",
                  m.user(),
                  m.role(),
                  GetCommand.truncate(m.addedBy() == null ? "" : m.addedBy(), 24),
                  ServerTarget.time(m.addedAt()));
        }
        return 0;
      }
    }
  }

  /** A change of one member's role. */
  abstract static class Change extends Base {
    @Parameters(
        index = "1",
        paramLabel = "USER",
        description = "Their e-mail (or user name on a local server).")
    String user;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "admin, edit or view.")
    String role;

    abstract IdentityClient.MemberChange change(IdentityClient client);

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        IdentityClient.MemberChange c = change(client);
        out()
            .println(
                json
                    ? ApiJson.write(c.member())
                    : c.added()
                        ? "added "
                            + c.member().user()
                            + " to "
                            + profile
                            + " as "
                            + c.member().role()
                        : c.member().user() + " is now " + c.member().role() + " in " + profile);
        return 0;
      }
    }
  }

  /** {@code skiff members add PROFILE USER --role ROLE}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Add a member (or change the role of one).")
  static final class Add extends Change {
    @Override
    IdentityClient.MemberChange change(IdentityClient client) {
      return client.addMember(profile, user, role);
    }
  }

  /** {@code skiff members set PROFILE USER --role ROLE}. */
  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Change a member's role.")
  static final class Set extends Change {
    @Override
    IdentityClient.MemberChange change(IdentityClient client) {
      return client.setMember(profile, user, role);
    }
  }

  /** {@code skiff members remove PROFILE USER}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Remove a member (any member may remove themselves).")
  static final class Remove extends Base {
    @Parameters(index = "1", paramLabel = "USER", description = "The member.")
    String user;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        client.removeMember(profile, user);
        out().println(json ? "{}" : "removed " + user + " from " + profile);
        return 0;
      }
    }
  }
}
