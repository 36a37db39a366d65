package dev.skiff.engine.executor.local.python;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the command the KFP SDK compiles for a lightweight Python component ({@code
 * kfp.dsl.component_factory}): pure, no I/O.
 *
 * <p>Two shapes (command and args concatenated, placeholders already expanded):
 *
 * <pre>
 * sh -c "&lt;pip preamble&gt; &amp;&amp; \"$0\" \"$@\"" sh -ec "&lt;program&gt;" &lt;source&gt; &lt;args...&gt;
 * sh -ec "&lt;program&gt;" &lt;source&gt; &lt;args...&gt;        (nothing to install)
 * </pre>
 *
 * where the program writes {@code $0} to {@code ephemeral_component.py} and runs {@code python3 -m
 * kfp.dsl.executor_main --component_module_path ... "$@"}. The preamble has one {@code pip install}
 * for kfp (with {@code typing-extensions}), one for {@code packages_to_install}, either possibly
 * with {@code --index-url} / {@code --trusted-host}, optionally a {@code venv}, and in old SDKs an
 * {@code || ... --user} fallback that repeats the packages.
 */
public final class LightweightCommands {
  private static final Pattern PIP_INSTALL =
      Pattern.compile("pip install\\s+(.*?)(?=&&|\\|\\||\\)|\\n|$)", Pattern.DOTALL);
  private static final Pattern ENTRY =
      Pattern.compile("-m\\s+(kfp\\.(?:dsl|components)\\.executor_main)\\b");
  private static final Pattern KFP_REQUIREMENT =
      Pattern.compile("^kfp(?:\\[[^]]*])?\\s*(?:(==|>=|~=|<=|<|>|!=)\\s*([^;,\\s]+))?.*$");
  private static final Set<String> FLAGS_WITH_VALUE =
      Set.of("--index-url", "-i", "--extra-index-url", "--trusted-host", "--target", "-t");

  private LightweightCommands() {}

  /** The command taken apart, or empty when it is not a lightweight component's. */
  public static Optional<LightweightCommand> parse(List<String> commandLine) {
    int program;
    String preamble;
    if (commandLine.size() >= 6
        && isSh(commandLine.get(0))
        && commandLine.get(1).equals("-c")
        && isSh(commandLine.get(3))
        && commandLine.get(4).equals("-ec")
        && commandLine.get(2).contains("\"$0\" \"$@\"")) {
      preamble = commandLine.get(2);
      program = 5;
    } else if (commandLine.size() >= 4
        && isSh(commandLine.get(0))
        && commandLine.get(1).equals("-ec")) {
      preamble = "";
      program = 2;
    } else {
      return Optional.empty();
    }
    String text = commandLine.get(program);
    Matcher entry = ENTRY.matcher(text);
    if (!text.contains("--component_module_path")
        || !text.contains("\"$0\"")
        || !entry.find()
        || commandLine.size() <= program + 1) {
      return Optional.empty();
    }
    List<String> args = commandLine.subList(program + 2, commandLine.size());
    Preamble p = preamble(preamble);
    return Optional.of(
        new LightweightCommand(
            p.kfpVersion,
            List.copyOf(p.packages),
            List.copyOf(p.indexUrls),
            List.copyOf(p.trustedHosts),
            preamble.contains("-m venv"),
            entry.group(1),
            commandLine.get(program + 1),
            functionName(args),
            args));
  }

  private static boolean isSh(String s) {
    return s.equals("sh") || s.equals("/bin/sh") || s.equals("bash") || s.equals("/bin/bash");
  }

  /** The value of {@code --function_to_execute} (either form) in the args. */
  static Optional<String> functionName(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if ((a.equals("--function_to_execute") || a.equals("--function-to-execute"))
          && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
      if (a.startsWith("--function_to_execute=")) {
        return Optional.of(a.substring(a.indexOf('=') + 1));
      }
    }
    return Optional.empty();
  }

  private static final class Preamble {
    Optional<String> kfpVersion = Optional.empty();
    final Set<String> packages = new LinkedHashSet<>();
    final Set<String> indexUrls = new LinkedHashSet<>();
    final Set<String> trustedHosts = new LinkedHashSet<>();
  }

  private static Preamble preamble(String text) {
    Preamble p = new Preamble();
    Matcher m = PIP_INSTALL.matcher(text);
    while (m.find()) {
      List<String> requirements = new ArrayList<>();
      List<String> words = ShellWords.split(m.group(1));
      for (int i = 0; i < words.size(); i++) {
        String w = words.get(i);
        if (FLAGS_WITH_VALUE.contains(w) && i + 1 < words.size()) {
          String value = words.get(++i);
          if (w.equals("--trusted-host")) {
            p.trustedHosts.add(value);
          } else if (!w.equals("--target") && !w.equals("-t")) {
            p.indexUrls.add(value);
          }
        } else if (w.startsWith("--index-url=") || w.startsWith("--extra-index-url=")) {
          p.indexUrls.add(w.substring(w.indexOf('=') + 1));
        } else if (w.startsWith("--trusted-host=")) {
          p.trustedHosts.add(w.substring(w.indexOf('=') + 1));
        } else if (!w.startsWith("-") && !w.isBlank()) {
          requirements.add(w);
        }
      }
      if (requirements.isEmpty()) {
        continue;
      }
      Matcher kfp = KFP_REQUIREMENT.matcher(requirements.getFirst().strip());
      if (kfp.matches() || isKfpSource(requirements.getFirst())) {
        // The SDK's own install: kfp plus typing-extensions for old Pythons; not the component's.
        if (kfp.matches() && "==".equals(kfp.group(1))) {
          p.kfpVersion = Optional.of(kfp.group(2));
        }
      } else {
        p.packages.addAll(requirements);
      }
    }
    return p;
  }

  /** {@code kfp_package_path} installs: a git URL or a path to the SDK's sources. */
  private static boolean isKfpSource(String requirement) {
    return requirement.contains("kubeflow/pipelines") || requirement.matches(".*[/#]sdk/python.*");
  }
}
