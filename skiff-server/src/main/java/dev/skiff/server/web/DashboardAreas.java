package dev.skiff.server.web;

import java.util.List;

/** The dashboard's areas, in the order their pages are registered. */
public final class DashboardAreas {
  private DashboardAreas() {}

  /** Every area. */
  public static List<Dashboard.Area> all() {
    return List.of(new dev.skiff.server.web.rundetail.RunDetailArea());
  }
}
