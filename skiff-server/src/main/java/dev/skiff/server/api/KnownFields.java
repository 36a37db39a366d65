package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.api.ApiJson;
import dev.skiff.engine.catalog.CatalogException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses fields a body of Skiff's own API does not know (a misspelled {@code memroy} would
 * otherwise be ignored and the default used). The KFP routes stay lenient, as KFP's clients send
 * fields of newer versions.
 */
final class KnownFields {
  private KnownFields() {}

  /**
   * Checks a JSON body already read once (so it parses).
   *
   * @param known the field names allowed per object: {@code ""} the body, {@code "x"} the object in
   *     field x, {@code "x[]"} each object in the array field x
   * @throws CatalogException.Invalid naming the first unknown field
   */
  static void check(String json, Map<String, Set<String>> known) {
    JsonNode root;
    try {
      root = ApiJson.mapper().readTree(json);
    } catch (Exception e) {
      return; // reading the record reported it already
    }
    check(root, "", "", known);
  }

  private static void check(
      JsonNode node, String key, String path, Map<String, Set<String>> known) {
    Set<String> allowed = known.get(key);
    if (allowed == null || node == null || !node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!allowed.contains(field)) {
        throw new CatalogException.Invalid(
            "unknown field '"
                + path
                + field
                + "' (known: "
                + String.join(", ", new TreeSet<>(allowed))
                + ")");
      }
      JsonNode value = node.get(field);
      if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), field + "[]", path + field + "[" + i + "].", known);
        }
      } else {
        check(value, field, path + field + ".", known);
      }
    }
  }
}
