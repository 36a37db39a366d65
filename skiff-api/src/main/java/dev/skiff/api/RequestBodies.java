package dev.skiff.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.skiff.pipeline.json.JsonText;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies into the API's records with {@link ApiJson#mapper()}, turning every way a
 * body can be wrong into one line for a 400: not JSON ({@code the request body is not JSON:
 * <parser's reason>}), not an object, or a field of the wrong kind ({@code
 * runtime_config.parameters must be a JSON object (name to value), got a list}).
 */
public final class RequestBodies {
  private RequestBodies() {}

  /**
   * A request body as text: UTF-8, as JSON must be (RFC 8259). Bytes that are not UTF-8 are refused
   * rather than replaced, so that what is stored is what was sent.
   *
   * @throws ApiRequestException when the bytes are not UTF-8
   */
  public static String text(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ApiRequestException("the request body is not UTF-8 text");
    }
  }

  /**
   * Reads a JSON object into {@code type}.
   *
   * @param what what the body stands for, for the message when it is not an object, e.g. {@code "a
   *     KFP Run"}
   * @throws ApiRequestException naming what is wrong
   */
  public static <T> T read(String body, Class<T> type, String what) {
    JsonNode tree = tree(body);
    if (!tree.isObject()) {
      throw new ApiRequestException("the request body must be a JSON object (" + what + ")");
    }
    try {
      return ApiJson.mapper().treeToValue(tree, type);
    } catch (ValueInstantiationException e) {
      if (e.getCause() instanceof ApiRequestException bad) {
        throw bad;
      }
      throw new IllegalStateException("cannot create " + type.getSimpleName(), e);
    } catch (MismatchedInputException e) {
      throw new ApiRequestException(describe(e, tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read " + type.getSimpleName(), e);
    }
  }

  /** The body as one JSON value, read as the pipeline model's parser reads JSON. */
  private static JsonNode tree(String body) {
    try (JsonParser parser = ApiJson.mapper().createParser(body)) {
      if (parser.nextToken() == null) {
        throw new ApiRequestException("the request body is not JSON: empty JSON text");
      }
      JsonNode tree = ApiJson.mapper().readTree(parser);
      if (parser.nextToken() != null) {
        throw new ApiRequestException(
            "the request body is not JSON: unexpected text after the JSON value");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new ApiRequestException("the request body is not JSON: " + JsonText.reason(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "PATH must be EXPECTED, got a KIND" for a field Jackson could not bind. */
  static String describe(MismatchedInputException e, JsonNode tree) {
    List<JsonMappingException.Reference> path = e.getPath();
    String name = pathText(path);
    JsonNode actual = at(tree, path);
    String expected = expected(e.getTargetType());
    if (name.isEmpty() || actual == null || expected == null) {
      String reason = JsonText.reason(e);
      return name.isEmpty() ? reason : name + ": " + reason;
    }
    if (actual.isTextual() && e.getTargetType().isEnum()) {
      return name + " must be " + expected + ", got '" + actual.asText() + "'";
    }
    return name + " must be " + expected + ", got a " + kind(actual);
  }

  /**
   * {@code runtime_config.parameters}, {@code tasks[2].name}: field names as the API names them.
   */
  private static String pathText(List<JsonMappingException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** The node the path leads to (under the name the client used), or null. */
  private static JsonNode at(JsonNode tree, List<JsonMappingException.Reference> path) {
    JsonNode node = tree;
    for (JsonMappingException.Reference ref : path) {
      if (node == null) {
        return null;
      }
      if (ref.getFieldName() != null) {
        JsonNode next = node.get(ref.getFieldName());
        node = next != null ? next : node.get(camelCase(ref.getFieldName()));
      } else {
        node = node.get(ref.getIndex());
      }
    }
    return node;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return null;
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
      return "a number";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a JSON object (name to value)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name())
              .collect(Collectors.joining(", "));
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "an RFC 3339 time";
    }
    if (JsonValue.class.isAssignableFrom(type) && type != JsonValue.Obj.class) {
      return null;
    }
    return "a JSON object";
  }

  /** The kind of a JSON value, named as {@link JsonValue#kind()} names it. */
  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "list";
      case OBJECT, POJO -> "struct";
      case NULL, MISSING -> "null";
      case BINARY -> "string";
    };
  }

  private static String camelCase(String snake) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }
}
