package dev.skiff.engine.schedule;

import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.TaskIterator;
import java.util.ArrayList;
import java.util.List;

/** The items a ParallelFor iterates over, from its iterator and the loop task's inputs. Pure. */
final class LoopItems {
  private LoopItems() {}

  /**
   * The iteration inputs: {@code shared} plus the item under {@code itemInput}.
   *
   * @param loopInputs the loop task's inputs, where the items are found
   * @param shared what every iteration gets besides its item (the loop inputs its body reads)
   * @throws InputResolver.InputException when the items are not a list
   */
  static List<TaskValues> iterations(
      TaskIterator iterator, TaskValues loopInputs, TaskValues shared)
      throws InputResolver.InputException {
    List<TaskValues> out = new ArrayList<>();
    switch (iterator) {
      case TaskIterator.ParameterIterator p -> {
        JsonValue items =
            switch (p.items()) {
              case TaskIterator.Raw raw -> parse(raw.json(), "raw items");
              case TaskIterator.InputParameter ip -> {
                JsonValue v = loopInputs.parameters().get(ip.inputName());
                if (v == null) {
                  throw new InputResolver.InputException(
                      "loop items: input '" + ip.inputName() + "' has no value");
                }
                yield v instanceof JsonValue.Str s ? parse(s.value(), ip.inputName()) : v;
              }
            };
        if (!(items instanceof JsonValue.Arr list)) {
          throw new InputResolver.InputException(
              "loop items must be a list, got " + items.kind() + " " + items.toJson());
        }
        for (JsonValue item : list.items()) {
          out.add(shared.withParameter(p.itemInput(), item));
        }
      }
      case TaskIterator.ArtifactIterator a -> {
        List<RuntimeArtifact> list = loopInputs.artifacts().get(a.inputArtifact());
        if (list == null) {
          throw new InputResolver.InputException(
              "loop items: input artifact '" + a.inputArtifact() + "' has no value");
        }
        for (RuntimeArtifact artifact : list) {
          out.add(shared.withArtifacts(a.itemInput(), List.of(artifact)));
        }
      }
    }
    return out;
  }

  private static JsonValue parse(String json, String what) throws InputResolver.InputException {
    try {
      return JsonValue.parse(json);
    } catch (IllegalArgumentException e) {
      throw new InputResolver.InputException(
          "loop items (" + what + ") are not JSON: " + e.getMessage());
    }
  }
}
