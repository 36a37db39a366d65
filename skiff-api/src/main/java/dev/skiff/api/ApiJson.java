package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.skiff.pipeline.json.JsonText;

/**
 * The one Jackson configuration for the API's JSON, used by the server (requests, responses,
 * problems) and by the CLI (what it sends, what it reads back and what it prints), so that both
 * sides write the same bytes.
 *
 * <ul>
 *   <li>Field names: the records in {@link dev.skiff.api.v2beta1} are snake_case, as KFP's
 *       protojson writes them ({@code UseProtoNames}); on reading, each also takes its camelCase
 *       name, as protojson does ({@link ProtoJsonNames}).
 *   <li>Reading: unknown fields are ignored (newer clients send fields Skiff does not know), an
 *       unknown enum value reads as the enum's {@code @JsonEnumDefaultValue}; a number or boolean
 *       is not taken for a string.
 *   <li>Writing: fields that are {@code null} are left out ({@code EmitUnpopulated: false}) unless
 *       a field says otherwise; object keys are sorted, so that equal values print identically;
 *       times are RFC 3339 ({@code 2026-01-02T03:04:05.678Z}); doubles in their shortest form.
 *   <li>{@link dev.skiff.pipeline.json.JsonValue} reads and writes as the JSON it stands for.
 * </ul>
 */
public final class ApiJson {
  private static final ObjectMapper MAPPER = create();

  private ApiJson() {}

  /**
   * The configured mapper, shared: use it as it is (an {@link ObjectMapper} is safe to share once
   * configured; reconfiguring it would change every user's JSON).
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A value as compact JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Only a value the API's records cannot hold gets here: a bug, not input.
      throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /**
   * Reads JSON that the API wrote (a response, as the CLI reads it).
   *
   * @throws IllegalArgumentException with a one-line reason when it is not JSON of that shape
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(JsonText.reason(e), e);
    }
  }

  private static ObjectMapper create() {
    ObjectMapper m =
        JsonMapper.builder()
            .annotationIntrospector(new ProtoJsonNames())
            .addModule(new JavaTimeModule())
            .addModule(new JsonValueModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    // protojson rejects 5 or true for a string field; Jackson would turn them into "5", "true".
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }
}
