package dev.skiff.deploy.gke;

import java.util.ArrayList;
import java.util.List;

/**
 * The length and form limits of the names a plan creates; checked without the project's facts, so
 * they run even when the preflight is skipped.
 */
final class NameLimits {
  /** GKE: a cluster name is at most 40 characters. */
  static final int CLUSTER = 40;

  /** IAM: a service account id is 6 to 30 characters. */
  static final int SERVICE_ACCOUNT = 30;

  /** Cloud Storage: a bucket name without dots is 3 to 63 characters. */
  static final int BUCKET = 63;

  private NameLimits() {}

  static List<Finding> check(PlanNames names, GkePlanRequest request) {
    List<Finding> findings = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (names.cluster().length() > CLUSTER) {
      problems.add(
          "cluster name '"
              + names.cluster()
              + "' is "
              + names.cluster().length()
              + " characters, GKE allows "
              + CLUSTER);
    }
    for (String account :
        List.of(names.serverAccount(), names.stepsAccount(), names.nodesAccount())) {
      if (account.length() > SERVICE_ACCOUNT) {
        problems.add(
            "service account id '"
                + account
                + "' is "
                + account.length()
                + " characters, IAM allows "
                + SERVICE_ACCOUNT);
      }
    }
    if (names.bucket().length() > BUCKET) {
      problems.add(
          "bucket name '"
              + names.bucket()
              + "' is "
              + names.bucket().length()
              + " characters, Cloud Storage allows "
              + BUCKET);
    }
    if (names.bucket().contains("google") || names.bucket().startsWith("goog")) {
      problems.add(
          "bucket name '"
              + names.bucket()
              + "' contains 'google' or starts with 'goog', which Cloud Storage refuses");
    }
    if (problems.isEmpty()) {
      findings.add(
          Finding.ok(
              "Names",
              "cluster "
                  + names.cluster()
                  + ", service accounts "
                  + String.join(
                      ", ",
                      List.of(names.serverAccount(), names.stepsAccount(), names.nodesAccount()))
                  + ", bucket "
                  + names.bucket()
                  + " are within their limits"));
    } else {
      int longest = SERVICE_ACCOUNT - "-server".length();
      int forBucket = BUCKET - request.project().length() - "--artifacts".length();
      findings.add(
          Finding.problem(
              "Names",
              String.join("; ", problems),
              "choose a shorter --name (at most "
                  + Math.min(longest, forBucket)
                  + " characters for project "
                  + request.project()
                  + ")"));
    }
    return findings;
  }
}
