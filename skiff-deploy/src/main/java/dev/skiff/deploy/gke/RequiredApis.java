package dev.skiff.deploy.gke;

import java.util.ArrayList;
import java.util.List;

/** The Google APIs a plan uses, which install.sh enables first and the preflight checks. */
public final class RequiredApis {
  private RequiredApis() {}

  /** The APIs {@code request} needs, the always-needed ones first. */
  public static List<String> of(GkePlanRequest request) {
    List<String> apis =
        new ArrayList<>(
            List.of(
                "container.googleapis.com",
                "compute.googleapis.com",
                "iam.googleapis.com",
                "iamcredentials.googleapis.com",
                "cloudresourcemanager.googleapis.com",
                "serviceusage.googleapis.com",
                "storage.googleapis.com"));
    if (request.ownsRegistry()) {
      apis.add("artifactregistry.googleapis.com");
    }
    if (request.iap()) {
      apis.add("iap.googleapis.com");
    }
    if (request.dnsZone() != null) {
      apis.add("dns.googleapis.com");
    }
    if (request.cloudSql()) {
      apis.add("sqladmin.googleapis.com");
    }
    return apis;
  }
}
