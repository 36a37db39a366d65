package dev.skiff.kubernetes.operator.profile;

import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.MemberRepository;
import java.util.List;

/**
 * Who belongs to a Skiff profile: the reconciler keeps one RoleBinding per member in step with
 * this.
 */
@FunctionalInterface
public interface ProfileMembers {

  /** The members of {@code profile} (owner included), empty when there is no such profile. */
  List<Member> of(String profile);

  /** Skiff's members as its store keeps them ({@code profile_member}). */
  static ProfileMembers store(MemberRepository members) {
    return members::ofProfile;
  }
}
