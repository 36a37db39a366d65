package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.model.RetryPolicy;
import dev.skiff.pipeline.model.TaskIterator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Model fields read from SDK-compiled files (skipped when kfp-testdata is absent). */
class TestdataModelTest {

  private static Pipeline parse(String relative) throws Exception {
    return PipelineParser.parse(SharedTestData.require().resolve(relative));
  }

  @Test
  void retry_policy() throws Exception {
    DagSpec dag =
        parse("valid/critical/pipeline_with_retry.yaml").spec().root().dag().orElseThrow();
    assertThat(dag.task("add").orElseThrow().retryPolicy())
        .contains(new RetryPolicy(3, Duration.ZERO, 2.0, Duration.ofHours(1)));
  }

  @Test
  void gpu_request() throws Exception {
    Pipeline p = parse("valid/gpu-scheduling/nvidia_gpu_scheduling_check.yaml");
    ContainerSpec c = (ContainerSpec) p.spec().executors().values().iterator().next();
    ResourceSpec.Accelerator a = c.resources().accelerator().orElseThrow();
    assertThat(a)
        .isEqualTo(new ResourceSpec.Accelerator("nvidia.com/gpu", "1", "nvidia.com/gpu", 1));
    assertThat(p.platformSpec().fields()).containsKey("platforms");
  }

  @Test
  void parallel_for_with_raw_items_and_limit() throws Exception {
    Pipeline p = parse("valid/pipeline_with_parallelfor_parallelism.yaml");
    TaskIterator it =
        p.spec().components().values().stream()
            .flatMap(c -> c.dag().stream())
            .flatMap(d -> d.tasks().values().stream())
            .flatMap(t -> t.iterator().stream())
            .filter(i -> i.itemInput().equals("pipelinechannel--loop-item-param-5"))
            .findFirst()
            .orElseThrow();
    assertThat(it.parallelismLimit()).isEqualTo(1);
    assertThat(((TaskIterator.ParameterIterator) it).items())
        .isEqualTo(
            new TaskIterator.Raw(
                "[{\"A_a\": \"10\", \"B_b\": \"20\"}, {\"A_a\": \"100\", \"B_b\": \"200\"}]"));
  }

  @Test
  void importer_json_equals_its_yaml_twin() throws Exception {
    Pipeline json = parse("valid/pipeline_with_importer.json");
    Pipeline yaml = parse("valid/pipeline_with_importer.yaml");
    assertThat(json.spec().components().keySet()).isEqualTo(yaml.spec().components().keySet());
    assertThat(json.spec().executors().keySet()).isEqualTo(yaml.spec().executors().keySet());
  }
}
