package dev.skiff.engine.executor.local.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.model.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LightweightCommandsTest {
  private static final String PREAMBLE =
      "\nif ! [ -x \"$(command -v pip)\" ]; then\n    python3 -m ensurepip || python3 -m ensurepip"
          + " --user || apt-get install python3-pip\nfi\n\nPIP_DISABLE_PIP_VERSION_CHECK=1 python3"
          + " -m pip install --quiet --no-warn-script-location 'kfp==2.14.3' '--no-deps'"
          + " 'typing-extensions>=3.7.4,<5; python_version<\"3.9\"'  &&"
          + "  python3 -m pip install --quiet --no-warn-script-location %s && \"$0\" \"$@\"\n";
  private static final String PROGRAM =
      "program_path=$(mktemp -d)\n\nprintf \"%s\" \"$0\" > \"$program_path/ephemeral_component.py\"\n"
          + "_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main                        "
          + " --component_module_path                         "
          + " \"$program_path/ephemeral_component.py\"                         \"$@\"\n";

  private static List<String> command(String packages, String... args) {
    List<String> c = new ArrayList<>();
    c.addAll(
        List.of("sh", "-c", PREAMBLE.formatted(packages), "sh", "-ec", PROGRAM, "def f(): pass"));
    c.addAll(List.of(args));
    return c;
  }

  @Test
  void takes_apart_version_packages_source_function_and_args() {
    LightweightCommand c =
        LightweightCommands.parse(
                command(
                    "'pandas==2.2.0' 'scikit-learn'",
                    "--executor_input",
                    "{}",
                    "--function_to_execute",
                    "train"))
            .orElseThrow();
    assertThat(c.kfpVersion()).contains("2.14.3");
    assertThat(c.packages()).containsExactly("pandas==2.2.0", "scikit-learn");
    assertThat(c.source()).isEqualTo("def f(): pass");
    assertThat(c.functionName()).contains("train");
    assertThat(c.args())
        .containsExactly("--executor_input", "{}", "--function_to_execute", "train");
    assertThat(c.entryModule()).isEqualTo("kfp.dsl.executor_main");
    assertThat(c.venv()).isFalse();
  }

  @Test
  void reads_index_urls_and_trusted_hosts() {
    LightweightCommand c =
        LightweightCommands.parse(
                command(
                    "--index-url https://pypi.org/simple --trusted-host https://pypi.org/simple"
                        + " 'yapf'",
                    "--function_to_execute=f"))
            .orElseThrow();
    assertThat(c.packages()).containsExactly("yapf");
    assertThat(c.indexUrls()).containsExactly("https://pypi.org/simple");
    assertThat(c.trustedHosts()).containsExactly("https://pypi.org/simple");
    assertThat(c.functionName()).contains("f");
  }

  @Test
  void a_command_without_pip_is_recognised_and_others_are_not() {
    assertThat(LightweightCommands.parse(List.of("sh", "-ec", PROGRAM, "src", "--x")))
        .hasValueSatisfying(
            c -> {
              assertThat(c.packages()).isEmpty();
              assertThat(c.kfpVersion()).isEmpty();
              assertThat(c.args()).containsExactly("--x");
            });
    assertThat(LightweightCommands.parse(List.of("sh", "-c", "echo hi"))).isEmpty();
    assertThat(LightweightCommands.parse(List.of("python3", "-m", "kfp.dsl.executor_main")))
        .isEmpty();
    assertThat(LightweightCommands.parse(List.of("sh", "-ec", "echo $0", "x"))).isEmpty();
  }

  @Test
  void requirements_map_to_modules() {
    assertThat(Requirements.module("scikit-learn==1.4.0")).contains("sklearn");
    assertThat(Requirements.module("Pillow>=9")).contains("PIL");
    assertThat(Requirements.module("PyYAML")).contains("yaml");
    assertThat(Requirements.module("pandas[performance]~=2.0")).contains("pandas");
    assertThat(Requirements.module("typing_extensions")).contains("typing_extensions");
    assertThat(Requirements.module("Jinja2")).contains("jinja2");
    assertThat(Requirements.module("git+https://github.com/x/y.git")).isEmpty();
    assertThat(Requirements.marker("a; python_version<'3.9'")).contains("python_version<'3.9'");
    assertThat(Requirements.marker("a>=1")).isEmpty();
  }

  @Test
  void shell_words_follow_sh_quoting() {
    assertThat(ShellWords.split("a 'b c' \"d\\\"e\" f\\ g"))
        .containsExactly("a", "b c", "d\"e", "f g");
  }

  /** Every command in the testdata that runs kfp's executor_main through the SDK's bootstrap. */
  @Test
  void every_python_component_in_the_testdata_is_taken_apart() throws Exception {
    Optional<Path> dir = TestdataDir.compiled();
    Assumptions.assumeTrue(dir.isPresent(), TestdataDir.skipMessage());
    int seen = 0;
    List<String> problems = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir.get())) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      Pipeline pipeline;
      try {
        pipeline = PipelineParser.parse(file);
      } catch (Exception e) {
        continue; // not a pipeline this parser accepts; other tests cover that
      }
      for (Map.Entry<String, ?> e : pipeline.spec().executors().entrySet()) {
        if (!(e.getValue() instanceof ContainerSpec c)
            || c.command().size() < 3
            || !String.join(" ", c.command()).contains("--component_module_path")) {
          continue;
        }
        seen++;
        List<String> line = new ArrayList<>(c.command());
        line.addAll(c.args());
        Optional<LightweightCommand> parsed = LightweightCommands.parse(line);
        String where = dir.get().relativize(file) + "#" + e.getKey();
        if (parsed.isEmpty()) {
          problems.add(where + ": not recognised");
          continue;
        }
        LightweightCommand lc = parsed.get();
        String preamble = c.command().get(2);
        if (lc.functionName().isEmpty()
            || !lc.source().contains("def " + lc.functionName().get())) {
          problems.add(where + ": function " + lc.functionName());
        }
        if (preamble.contains("kfp==") && lc.kfpVersion().isEmpty()) {
          problems.add(where + ": kfp version");
        }
        for (String p : lc.packages()) {
          if (p.startsWith("kfp") || p.startsWith("typing-extensions") || !preamble.contains(p)) {
            problems.add(where + ": package " + p);
          }
        }
        if (preamble.contains("--index-url") && lc.indexUrls().isEmpty()) {
          problems.add(where + ": index url");
        }
      }
    }
    System.out.println("[kfp-testdata] lightweight Python component commands parsed: " + seen);
    assertThat(problems).isEmpty();
    assertThat(seen).isGreaterThan(300);
  }
}
