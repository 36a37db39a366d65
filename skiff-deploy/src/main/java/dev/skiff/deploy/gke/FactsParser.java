package dev.skiff.deploy.gke;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the four gcloud outputs ({@code --format=json}) into {@link ProjectFacts}. Each problem is
 * a {@link PlanInputException} naming the source (a file name, or the gcloud command) and what is
 * wrong with it.
 */
final class FactsParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMPUTE_SA =
      Pattern.compile("(\\d+)-compute@developer\\.gserviceaccount\\.com");
  private static final Pattern PARENT = Pattern.compile("projects/(\\d+)");

  private FactsParser() {}

  /** One gcloud output: where it came from (for messages) and its text. */
  record Source(String name, String json) {}

  static ProjectFacts parse(
      String expectedRegion, Source region, Source project, Source accelerators, Source services) {
    JsonNode r = object(region);
    String regionName = text(region, r, "name");
    if (!regionName.equals(expectedRegion)) {
      throw bad(
          region, "describes region " + regionName + ", but the plan is for " + expectedRegion);
    }
    List<String> zones = new ArrayList<>();
    for (JsonNode z : array(region, r, "zones")) {
      zones.add(lastPart(z.asText()));
    }
    JsonNode p = object(project);
    Optional<String> number =
        Optional.ofNullable(p.get("defaultServiceAccount"))
            .map(JsonNode::asText)
            .map(COMPUTE_SA::matcher)
            .filter(Matcher::matches)
            .map(m -> m.group(1));
    List<AcceleratorOffer> offers = new ArrayList<>();
    JsonNode a = root(accelerators);
    if (!a.isArray()) {
      throw bad(
          accelerators,
          "is not a JSON list (expected `gcloud compute accelerator-types list --format=json`)");
    }
    for (JsonNode item : a) {
      offers.add(
          new AcceleratorOffer(
              text(accelerators, item, "name"),
              lastPart(text(accelerators, item, "zone")),
              item.path("maximumCardsPerInstance").asInt(0)));
    }
    JsonNode s = root(services);
    if (!s.isArray()) {
      throw bad(
          services, "is not a JSON list (expected `gcloud services list --enabled --format=json`)");
    }
    Set<String> enabled = new HashSet<>();
    for (JsonNode item : s) {
      JsonNode name = item.path("config").path("name");
      if (!name.isTextual()) {
        throw bad(services, "has an item without config.name");
      }
      if (item.path("state").asText("ENABLED").equals("ENABLED")) {
        enabled.add(name.asText());
      }
      if (number.isEmpty()) {
        Matcher m = PARENT.matcher(item.path("parent").asText(""));
        number = m.matches() ? Optional.of(m.group(1)) : number;
      }
    }
    return new ProjectFacts(
        regionName, zones, quotas(region, r), quotas(project, p), number, offers, enabled);
  }

  private static Map<String, Quota> quotas(Source source, JsonNode node) {
    Map<String, Quota> quotas = new HashMap<>();
    for (JsonNode q : array(source, node, "quotas")) {
      JsonNode limit = q.get("limit");
      JsonNode usage = q.get("usage");
      if (limit == null || !limit.isNumber() || (usage != null && !usage.isNumber())) {
        throw bad(source, "has a quota without a numeric limit and usage: " + q);
      }
      String metric = text(source, q, "metric");
      quotas.put(metric, new Quota(metric, limit.asDouble(), usage == null ? 0 : usage.asDouble()));
    }
    return quotas;
  }

  private static JsonNode root(Source source) {
    try {
      JsonNode node = JSON.readTree(source.json());
      if (node == null || node.isMissingNode()) {
        throw bad(source, "is empty");
      }
      return node;
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw bad(source, "is not JSON" + where + ": " + e.getOriginalMessage());
    }
  }

  private static JsonNode object(Source source) {
    JsonNode node = root(source);
    if (!node.isObject()) {
      throw bad(source, "is not a JSON object");
    }
    return node;
  }

  private static JsonNode array(Source source, JsonNode node, String field) {
    JsonNode a = node.get(field);
    if (a == null || !a.isArray()) {
      throw bad(source, "has no '" + field + "' list");
    }
    return a;
  }

  private static String text(Source source, JsonNode node, String field) {
    JsonNode t = node.get(field);
    if (t == null || !t.isTextual() || t.asText().isBlank()) {
      throw bad(
          source,
          "has no '" + field + "'" + (node.isObject() && node.size() < 8 ? " in " + node : ""));
    }
    return t.asText();
  }

  private static String lastPart(String urlOrName) {
    return urlOrName.substring(urlOrName.lastIndexOf('/') + 1);
  }

  private static PlanInputException bad(Source source, String problem) {
    return new PlanInputException(source.name() + ": " + problem);
  }
}
