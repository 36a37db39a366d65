package dev.skiff.server.web;

import dev.skiff.server.auth.AuthSlot;
import dev.skiff.server.web.admin.AdminArea;
import dev.skiff.server.web.experiments.ExperimentsArea;
import dev.skiff.server.web.notebooks.NotebooksArea;
import dev.skiff.server.web.pipelines.PipelinesArea;
import dev.skiff.server.web.profiles.ProfileSettingsArea;
import dev.skiff.server.web.rundetail.RunDetailArea;
import dev.skiff.server.web.runs.RunsArea;
import dev.skiff.server.web.schedules.SchedulesArea;
import java.util.List;

/** The dashboard's areas, in the order their pages are registered. */
public final class DashboardAreas {
  private DashboardAreas() {}

  /**
   * Every area.
   *
   * @param auth the sign-in services, for the areas that show API tokens, users and the audit log
   */
  public static List<Dashboard.Area> all(AuthSlot auth) {
    return List.of(
        new PipelinesArea(),
        new RunsArea(),
        new RunDetailArea(),
        new ProfileSettingsArea(auth),
        new AdminArea(auth),
        new ExperimentsArea(),
        new SchedulesArea(),
        new NotebooksArea());
  }
}
