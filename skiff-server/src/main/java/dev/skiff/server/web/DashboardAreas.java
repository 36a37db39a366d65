package dev.skiff.server.web;

import dev.skiff.server.web.pipelines.PipelinesArea;
import dev.skiff.server.web.runs.RunsArea;
import java.util.List;

/** The dashboard's areas, in the order their pages are registered. */
public final class DashboardAreas {
  private DashboardAreas() {}

  /** Every area. */
  public static List<Dashboard.Area> all() {
    return List.of(new PipelinesArea(), new RunsArea());
  }
}
