package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.SourceMap;
import dev.skiff.pipeline.model.PipelineSpec;

/**
 * Checks that a {@link PipelineSpec} can run: every reference resolves (components, executors,
 * tasks, inputs, outputs), DAGs have no cycles, no component contains itself and DAGs nest at most
 * 64 deep, names are safe file names and fit the store, constants fit their declared types, CEL
 * compiles, iterator items are JSON arrays, policies are in range, and placeholders name declared
 * inputs and outputs. Pure: no I/O; every walk is iterative, so no input overflows the stack.
 *
 * <p>{@link dev.skiff.pipeline.PipelineParser} runs this; call it directly for specs built in code.
 */
public final class PipelineValidator {

  private PipelineValidator() {}

  /**
   * Validates {@code spec}, taking problem lines from {@code lines}.
   *
   * @return errors (empty when the pipeline can run) and warnings, each sorted by line
   */
  public static ValidationReport validate(PipelineSpec spec, SourceMap lines) {
    Findings findings = new Findings(lines);
    new ComponentRules(spec, findings).check();
    new NameRules(spec, findings).check();
    new NestingRules(spec, findings).check();
    DagRules dags = new DagRules(spec, findings);
    spec.root().dag().ifPresent(d -> dags.check(new DagScope("root.dag", "", spec.root(), d)));
    spec.components()
        .forEach(
            (name, component) ->
                component
                    .dag()
                    .ifPresent(
                        d ->
                            dags.check(
                                new DagScope("components." + name + ".dag", name, component, d))));
    new PlaceholderRules(spec, findings).check();
    return findings.report();
  }
}
