package dev.skiff.kubernetes.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunScriptTest {

  @Test
  void everyWordIsSingleQuotedAndTheVariablesAreSetInOrder(@TempDir Path root) throws Exception {
    PodCommand command =
        new PodCommand(
            List.of("/bin/echo", "it's", "$HOME", "`id`", "a\nb"),
            Map.of("POD_NAME", "p-1"),
            new java.util.LinkedHashMap<>(Map.of("B", "x")),
            Map.of(),
            "container");
    String sh = RunScript.render(new VolumeLayout(root), command, "run/t#1");

    assertThat(sh)
        .startsWith("#!/bin/sh\n")
        .contains("skiff_step() {\n  '/bin/echo' 'it'\\''s' '$HOME' '`id`' 'a\nb'\n}\n")
        .contains("if [ -z \"${POD_NAME+x}\" ]; then POD_NAME='p-1'; export POD_NAME; fi\n")
        .contains("B='x'; export B\n")
        .contains("mv -f '" + root + "/exit-code.tmp' '" + root + "/exit-code'")
        .endsWith("exit \"$code\"\n");
    assertThat(sh.indexOf("POD_NAME=")).isLessThan(sh.indexOf("B='x'"));
  }

  @Test
  void kfpMountsAreLinkedOnlyInAPod(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("artifacts/s3/bucket"));
    PodCommand command = new PodCommand(List.of("true"), Map.of(), Map.of(), Map.of(), "container");
    assertThat(RunScript.render(new VolumeLayout(root), command, "x")).doesNotContain("ln -s");
    // At /skiff (which does not exist here) no staging folder is there to link either.
    assertThat(RunScript.render(new VolumeLayout(Path.of("/skiff")), command, "x"))
        .doesNotContain("ln -s");
  }

  @Test
  void aNameShCannotSetIsRefused(@TempDir Path root) {
    PodCommand command =
        new PodCommand(List.of("true"), Map.of(), Map.of("my.var", "1"), Map.of(), "container");
    assertThatThrownBy(() -> RunScript.render(new VolumeLayout(root), command, "x"))
        .isInstanceOf(LauncherException.class)
        .hasMessage("environment variable name 'my.var' cannot be set by /bin/sh");
  }
}
