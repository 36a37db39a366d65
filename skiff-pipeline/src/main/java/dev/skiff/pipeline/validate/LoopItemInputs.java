package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.TaskIterator;
import dev.skiff.pipeline.model.TaskParameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The component inputs that carry a ParallelFor item the SDK declared as STRING.
 *
 * <p>When a loop runs over a task output annotated as a bare {@code list}, the KFP SDK cannot know
 * the items' type and declares the loop item STRING as a placeholder; its own type check then lets
 * such an item feed an input of any type ({@code type_utils.verify_type_compatibility}), and KFP's
 * backend checks no types before the run: its driver checks each value against the consuming
 * input's type when the task runs. So such a binding is accepted here too, and the value is checked
 * when the task runs. The item stays a loop item where the SDK passes it on into a nested DAG (a
 * condition inside the loop), directly or through a field selector ({@code item.a}).
 */
final class LoopItemInputs {

  /** {@code component NUL input} for each such input. */
  private final Set<String> inputs = new HashSet<>();

  private LoopItemInputs() {}

  /**
   * Finds them in {@code spec}: each loop's item, then where DAGs pass it on, as far as it goes.
   */
  static LoopItemInputs of(PipelineSpec spec) {
    // component NUL input -> the inputs of tasks in that component's DAG that it feeds
    Map<String, List<String[]>> feeds = new HashMap<>();
    List<String[]> items = new ArrayList<>();
    spec.root().dag().ifPresent(d -> index("", d.tasks().values(), feeds, items));
    spec.components()
        .forEach(
            (name, c) -> c.dag().ifPresent(d -> index(name, d.tasks().values(), feeds, items)));

    LoopItemInputs out = new LoopItemInputs();
    Deque<String[]> work = new ArrayDeque<>();
    items.forEach(i -> out.add(spec, i[0], i[1], work));
    while (!work.isEmpty()) {
      String[] item = work.pop();
      for (String[] fed : feeds.getOrDefault(item[0] + '\0' + item[1], List.of())) {
        out.add(spec, fed[0], fed[1], work);
      }
    }
    return out;
  }

  /** Whether input {@code input} of component {@code component} (empty: the root) is one. */
  boolean contains(String component, String input) {
    return !component.isEmpty() && inputs.contains(component + '\0' + input);
  }

  private static void index(
      String owner,
      Iterable<PipelineTask> tasks,
      Map<String, List<String[]>> feeds,
      List<String[]> items) {
    for (PipelineTask task : tasks) {
      if (task.iterator().orElse(null) instanceof TaskIterator.ParameterIterator p) {
        items.add(new String[] {task.componentRef(), p.itemInput()});
      }
      for (Map.Entry<String, TaskParameter> e : task.parameters().entrySet()) {
        if (e.getValue().source() instanceof ParameterSource.ComponentInput ci) {
          feeds
              .computeIfAbsent(owner + '\0' + ci.inputName(), k -> new ArrayList<>())
              .add(new String[] {task.componentRef(), e.getKey()});
        }
      }
    }
  }

  private void add(PipelineSpec spec, String component, String input, Deque<String[]> work) {
    InputParameterSpec declared =
        spec.component(component)
            .map(c -> c.inputDefinitions().parameters().get(input))
            .orElse(null);
    if (declared != null
        && declared.type() == ParameterType.STRING
        && inputs.add(component + '\0' + input)) {
      work.push(new String[] {component, input});
    }
  }
}
