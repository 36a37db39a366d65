package dev.skiff.kubernetes.operator.profile;

import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileCondition;
import dev.skiff.kubernetes.resource.ProfileStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Sets a profile's {@code Ready} condition, keeping the transition time while the status stays the
 * same, and patches the status only when something changed (a status write is an event, and an
 * unchanged one would only cost an API call).
 */
final class ProfileStatuses {
  private final Clock clock;

  ProfileStatuses(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  UpdateControl<Profile> set(Profile profile, boolean ready, String reason, String message) {
    String status = ready ? "True" : "False";
    List<ProfileCondition> conditions =
        profile.getStatus() == null
            ? new ArrayList<>()
            : new ArrayList<>(profile.getStatus().conditions());
    Optional<ProfileCondition> old =
        conditions.stream().filter(c -> ProfileCondition.READY.equals(c.type())).findFirst();
    if (old.isPresent()
        && status.equals(old.get().status())
        && reason.equals(old.get().reason())
        && message.equals(old.get().message())) {
      return UpdateControl.noUpdate();
    }
    String since =
        old.filter(c -> status.equals(c.status()))
            .map(ProfileCondition::lastTransitionTime)
            .orElse(clock.instant().toString());
    conditions.removeIf(c -> ProfileCondition.READY.equals(c.type()));
    conditions.add(new ProfileCondition(ProfileCondition.READY, status, reason, message, since));
    profile.setStatus(new ProfileStatus(conditions));
    return UpdateControl.patchStatus(profile);
  }
}
