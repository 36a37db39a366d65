package dev.skiff.deploy.gke;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the project's facts from a folder of saved gcloud outputs ({@code --facts DIR}): {@code
 * region.json}, {@code project.json}, {@code accelerator-types.json} and {@code services.json}.
 */
public final class FactsReader {
  /** The files, in the order of {@link #commands}. */
  public static final List<String> FILES =
      List.of("region.json", "project.json", "accelerator-types.json", "services.json");

  private FactsReader() {}

  /** The gcloud commands whose outputs the files hold, for {@code project} and {@code region}. */
  public static List<String> commands(String project, String region) {
    return List.of(
        "gcloud compute regions describe " + region + " --project " + project + " --format=json",
        "gcloud compute project-info describe --project " + project + " --format=json",
        "gcloud compute accelerator-types list --project " + project + " --format=json",
        "gcloud services list --enabled --project " + project + " --format=json");
  }

  /** Reads the facts for a plan in {@code region} from {@code dir}. */
  public static ProjectFacts read(Path dir, String project, String region) {
    if (!Files.isDirectory(dir)) {
      throw new PlanInputException("--facts " + dir + ": not a folder");
    }
    List<String> commands = commands(project, region);
    FactsParser.Source[] sources = new FactsParser.Source[FILES.size()];
    for (int i = 0; i < FILES.size(); i++) {
      Path file = dir.resolve(FILES.get(i));
      if (!Files.isRegularFile(file)) {
        throw new PlanInputException(
            file + ": missing (save the output of `" + commands.get(i) + "` there)");
      }
      try {
        sources[i] =
            new FactsParser.Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new PlanInputException(file + ": cannot be read: " + e.getMessage());
      }
    }
    return FactsParser.parse(region, sources[0], sources[1], sources[2], sources[3]);
  }
}
