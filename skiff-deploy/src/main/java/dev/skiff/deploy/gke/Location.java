package dev.skiff.deploy.gke;

/**
 * Where the cluster goes: one zone (the default, and what Skiff recommends), or a whole region, in
 * which case GKE creates every node pool's nodes in each of the region's zones (F1).
 */
public sealed interface Location {
  /** The region: for a zone, its name without the last {@code -x} part. */
  String region();

  /** The gcloud flag that places the cluster: {@code --zone Z} or {@code --region R}. */
  String flag();

  /** The zone or region name. */
  String name();

  /** A zonal cluster in {@code zone} (e.g. {@code us-central1-a}). */
  record Zone(String name) implements Location {
    @Override
    public String region() {
      return name.substring(0, name.lastIndexOf('-'));
    }

    @Override
    public String flag() {
      return "--zone";
    }
  }

  /** A regional cluster in {@code region} (e.g. {@code asia-northeast1}). */
  record Region(String name) implements Location {
    @Override
    public String region() {
      return name;
    }

    @Override
    public String flag() {
      return "--region";
    }
  }
}
