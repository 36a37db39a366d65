package dev.skiff.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jackson support for the pipeline model's {@link JsonValue} (parameter values, artifact metadata,
 * an inline {@code pipeline_spec}) and for numbers in the form protobuf's JSON and {@link
 * JsonValue#toJson()} give them: the shortest decimal, {@code 1} rather than {@code 1.0}.
 */
final class JsonValueModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  JsonValueModule() {
    super("skiff-json-value");
    addSerializer(JsonValue.class, new ValueSerializer());
    addDeserializer(JsonValue.class, new ValueDeserializer<>(JsonValue.class));
    addDeserializer(JsonValue.Obj.class, new ValueDeserializer<>(JsonValue.Obj.class));
    addSerializer(Double.class, new ShortestDouble());
    addSerializer(Double.TYPE, new ShortestDouble());
  }

  /** Writes a value token by token, keys sorted as {@link JsonValue.Obj} keeps them. */
  private static final class ValueSerializer extends StdSerializer<JsonValue> {
    private static final long serialVersionUID = 1L;

    ValueSerializer() {
      super(JsonValue.class);
    }

    @Override
    public void serialize(JsonValue value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      switch (value) {
        case JsonValue.Null n -> gen.writeNull();
        case JsonValue.Bool b -> gen.writeBoolean(b.value());
        case JsonValue.Num n -> gen.writeNumber(n.toJson());
        case JsonValue.Str s -> gen.writeString(s.value());
        case JsonValue.Arr a -> {
          gen.writeStartArray();
          for (JsonValue item : a.items()) {
            serialize(item, gen, provider);
          }
          gen.writeEndArray();
        }
        case JsonValue.Obj o -> {
          gen.writeStartObject();
          for (Map.Entry<String, JsonValue> e : o.fields().entrySet()) {
            gen.writeFieldName(e.getKey());
            serialize(e.getValue(), gen, provider);
          }
          gen.writeEndObject();
        }
      }
    }
  }

  /**
   * Reads any JSON value. A JSON {@code null} is {@link JsonValue.Null} (a parameter may be null),
   * while a field that is absent stays Java {@code null}, so that a request can tell the two apart.
   */
  private static final class ValueDeserializer<T extends JsonValue> extends JsonDeserializer<T> {
    private final Class<T> type;

    ValueDeserializer(Class<T> type) {
      this.type = type;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = ctxt.readTree(p);
      JsonValue value = convert(node, p, ctxt);
      if (!type.isInstance(value)) {
        ctxt.reportInputMismatch(type, "expected a JSON object, got a %s", value.kind());
      }
      return type.cast(value);
    }

    @Override
    public T getNullValue(DeserializationContext ctxt) {
      return type.isInstance(JsonValue.Null.INSTANCE) ? type.cast(JsonValue.Null.INSTANCE) : null;
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return null;
    }

    private JsonValue convert(JsonNode node, JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return switch (node.getNodeType()) {
        case OBJECT -> {
          Map<String, JsonValue> fields = new TreeMap<>();
          for (Map.Entry<String, JsonNode> e : node.properties()) {
            fields.put(e.getKey(), convert(e.getValue(), p, ctxt));
          }
          yield new JsonValue.Obj(fields);
        }
        case ARRAY -> {
          List<JsonValue> items = new ArrayList<>(node.size());
          for (JsonNode item : node) {
            items.add(convert(item, p, ctxt));
          }
          yield new JsonValue.Arr(items);
        }
        case NUMBER -> {
          double d = node.doubleValue();
          if (!Double.isFinite(d)) {
            ctxt.reportInputMismatch(type, "not a finite number: %s", node.asText());
          }
          yield new JsonValue.Num(d);
        }
        case BOOLEAN -> JsonValue.of(node.booleanValue());
        case NULL, MISSING -> JsonValue.Null.INSTANCE;
        default -> JsonValue.of(node.asText());
      };
    }
  }

  /** Doubles as protobuf's JSON writes them: {@code 2} and {@code 0.25}, never {@code 2.0}. */
  private static final class ShortestDouble extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    ShortestDouble() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (Double.isFinite(value)) {
        gen.writeNumber(JsonValue.of(value).toJson());
      } else {
        gen.writeNumber(value);
      }
    }
  }
}
