package dev.skiff.pipeline.expr;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between {@link JsonValue} and the Java values the CEL runtime works with. */
final class CelValues {

  private CelValues() {}

  /** Numbers become doubles (as in protobuf {@code Value}), objects maps, arrays lists. */
  static Object toCel(JsonValue value) {
    return switch (value) {
      case JsonValue.Null n -> dev.cel.common.values.NullValue.NULL_VALUE;
      case JsonValue.Bool b -> b.value();
      case JsonValue.Num n -> n.value();
      case JsonValue.Str s -> s.value();
      case JsonValue.Arr a -> {
        List<Object> out = new ArrayList<>();
        a.items().forEach(i -> out.add(toCel(i)));
        yield out;
      }
      case JsonValue.Obj o -> {
        Map<String, Object> out = new LinkedHashMap<>();
        o.fields().forEach((k, v) -> out.put(k, toCel(v)));
        yield out;
      }
    };
  }

  /**
   * Converts a CEL result back; CEL ints and uints become numbers, as they do when KFP turns a
   * selector result into a {@code google.protobuf.Value}.
   *
   * @throws ExpressionException for results JSON cannot hold (bytes, timestamps, types)
   */
  static JsonValue fromCel(Object value) throws ExpressionException {
    return switch (value) {
      case null -> JsonValue.Null.INSTANCE;
      case dev.cel.common.values.NullValue n -> JsonValue.Null.INSTANCE;
      case com.google.protobuf.NullValue n -> JsonValue.Null.INSTANCE;
      case Boolean b -> JsonValue.of(b);
      case String s -> JsonValue.of(s);
      case Double d -> number(d);
      // CEL int (Long) and uint (Guava UnsignedLong) both become numbers.
      case Number n -> number(n.doubleValue());
      case List<?> list -> {
        List<JsonValue> out = new ArrayList<>();
        for (Object o : list) {
          out.add(fromCel(o));
        }
        yield JsonValue.list(out);
      }
      case Map<?, ?> map -> {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.put(String.valueOf(e.getKey()), fromCel(e.getValue()));
        }
        yield JsonValue.struct(out);
      }
      default ->
          throw new ExpressionException(
              "result of type "
                  + value.getClass().getSimpleName()
                  + " cannot be a parameter value");
    };
  }

  private static JsonValue number(double d) throws ExpressionException {
    if (!Double.isFinite(d)) {
      throw new ExpressionException("result is not a finite number: " + d);
    }
    return JsonValue.of(d);
  }

  /** An {@code ArtifactTypeSchema} message as a CEL map with proto field names. */
  static Map<String, Object> typeSchema(ArtifactType type) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schema_title", type.schemaTitle());
    out.put("schema_uri", "");
    out.put("instance_schema", type.instanceSchema());
    out.put("schema_version", type.schemaVersion());
    return out;
  }
}
