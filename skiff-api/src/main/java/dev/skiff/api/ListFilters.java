package dev.skiff.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.pipeline.json.JsonText;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code filter} query parameter of KFP's list calls: a JSON {@code Filter} ({@code KFP
 * backend/api/v2beta1/filter.proto}) of AND-ed predicates, in protojson's spellings as clients send
 * them — {@code "operation": "EQUALS"} or {@code "operation": 1} (what {@code kfp.Client} sends),
 * snake_case or camelCase value fields ({@code string_value}/{@code stringValue}, {@code
 * int_value}, {@code long_value} (a number or, as protojson writes int64, a string), {@code
 * timestamp_value} (RFC 3339), {@code int_values}/{@code long_values}/{@code string_values} as
 * {@code {"values": [...]}} for IN). Every way a filter can be wrong is one line for a 400.
 */
public final class ListFilters {
  /** KFP's {@code Predicate.Operation} numbers. */
  private static final Map<Integer, Op> BY_NUMBER =
      Map.of(
          1, Op.EQUALS,
          2, Op.NOT_EQUALS,
          3, Op.GREATER_THAN,
          5, Op.GREATER_THAN_EQUALS,
          6, Op.LESS_THAN,
          7, Op.LESS_THAN_EQUALS,
          8, Op.IN,
          9, Op.IS_SUBSTRING);

  private ListFilters() {}

  /**
   * The predicates of a filter.
   *
   * @param json the parameter as sent (URL-decoded); null or blank means no filter
   * @throws ApiRequestException naming what is wrong
   */
  public static List<Condition> parse(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonNode root;
    try {
      root = ApiJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new ApiRequestException("filter is not JSON: " + JsonText.reason(e));
    }
    if (root == null || !root.isObject()) {
      throw new ApiRequestException(
          "filter must be a JSON object like {\"predicates\": [{\"key\": \"display_name\","
              + " \"operation\": \"EQUALS\", \"string_value\": \"x\"}]}");
    }
    JsonNode predicates = root.get("predicates");
    if (predicates == null || predicates.isNull()) {
      return List.of();
    }
    if (!predicates.isArray()) {
      throw new ApiRequestException("filter.predicates must be a list");
    }
    List<Condition> out = new ArrayList<>();
    for (int i = 0; i < predicates.size(); i++) {
      out.add(predicate(predicates.get(i), "filter.predicates[" + i + "]"));
    }
    return out;
  }

  private static Condition predicate(JsonNode p, String where) {
    if (!p.isObject()) {
      throw new ApiRequestException(where + " must be a JSON object");
    }
    JsonNode key = p.get("key");
    if (key == null || !key.isTextual() || key.asText().isBlank()) {
      throw new ApiRequestException(where + ".key is required: the field to filter on");
    }
    Op op = operation(p.get("operation"), where);
    List<Object> values = new ArrayList<>();
    int given = 0;
    JsonNode v;
    if ((v = field(p, "string_value")) != null) {
      given++;
      values.add(text(v, where + ".string_value"));
    }
    if ((v = field(p, "int_value")) != null) {
      given++;
      values.add(integer(v, where + ".int_value"));
    }
    if ((v = field(p, "long_value")) != null) {
      given++;
      values.add(integer(v, where + ".long_value"));
    }
    if ((v = field(p, "timestamp_value")) != null) {
      given++;
      values.add(time(v, where + ".timestamp_value"));
    }
    for (String list : List.of("string_values", "int_values", "long_values")) {
      if ((v = field(p, list)) != null) {
        given++;
        JsonNode items = v.isObject() ? v.get("values") : null;
        if (items == null || !items.isArray()) {
          throw new ApiRequestException(where + "." + list + " must be {\"values\": [...]}");
        }
        for (int i = 0; i < items.size(); i++) {
          String at = where + "." + list + ".values[" + i + "]";
          values.add(
              list.equals("string_values") ? text(items.get(i), at) : integer(items.get(i), at));
        }
      }
    }
    if (given != 1) {
      throw new ApiRequestException(
          where
              + (given == 0 ? " has no value" : " has " + given + " values")
              + ": give one of string_value, int_value, long_value, timestamp_value"
              + (op == Op.IN ? ", string_values, int_values, long_values" : ""));
    }
    boolean isList =
        field(p, "string_values") != null
            || field(p, "int_values") != null
            || field(p, "long_values") != null;
    if (op == Op.IN && !isList) {
      throw new ApiRequestException(
          where + ": IN takes string_values, int_values or long_values ({\"values\": [...]})");
    }
    if (op != Op.IN && isList) {
      throw new ApiRequestException(where + ": " + op + " takes one value, not a list");
    }
    return new Condition(key.asText().strip(), op, values);
  }

  private static Op operation(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      throw new ApiRequestException(where + ".operation is required, e.g. \"EQUALS\"");
    }
    if (node.isIntegralNumber()) {
      Op op = BY_NUMBER.get(node.asInt());
      if (op != null) {
        return op;
      }
    } else if (node.isTextual()) {
      try {
        return Op.valueOf(node.asText().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // answered below
      }
    }
    throw new ApiRequestException(
        where
            + ".operation must be one of EQUALS (1), NOT_EQUALS (2), GREATER_THAN (3),"
            + " GREATER_THAN_EQUALS (5), LESS_THAN (6), LESS_THAN_EQUALS (7), IN (8),"
            + " IS_SUBSTRING (9), got "
            + node);
  }

  /** A field under its proto name or its camelCase JSON name. */
  private static JsonNode field(JsonNode p, String snake) {
    JsonNode v = p.get(snake);
    if (v == null) {
      int u = snake.indexOf('_');
      v =
          p.get(
              snake.substring(0, u)
                  + Character.toUpperCase(snake.charAt(u + 1))
                  + snake.substring(u + 2));
    }
    return v == null || v.isNull() ? null : v;
  }

  private static String text(JsonNode v, String where) {
    if (!v.isTextual()) {
      throw new ApiRequestException(where + " must be a string, got " + v);
    }
    return v.asText();
  }

  private static Long integer(JsonNode v, String where) {
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().strip());
      } catch (NumberFormatException e) {
        // answered below
      }
    }
    throw new ApiRequestException(where + " must be a whole number, got " + v);
  }

  private static Instant time(JsonNode v, String where) {
    if (v.isTextual()) {
      try {
        return OffsetDateTime.parse(v.asText().strip()).toInstant();
      } catch (DateTimeParseException e) {
        // answered below
      }
    }
    throw new ApiRequestException(
        where + " must be an RFC 3339 time such as \"2026-01-02T03:04:05Z\", got " + v);
  }
}
