package dev.skiff.store.identity;

import org.jdbi.v3.core.Jdbi;

/**
 * The identity tables of one database: users, profile members, API tokens, sessions, audit log.
 *
 * @param users who signed in
 * @param members roles in profiles
 * @param tokens API tokens (hashed)
 * @param sessions browser sessions (hashed)
 * @param audit state-changing requests
 */
public record IdentityRepositories(
    UserRepository users,
    MemberRepository members,
    TokenRepository tokens,
    SessionRepository sessions,
    AuditRepository audit) {

  /** The repositories over {@code jdbi}. */
  public static IdentityRepositories over(Jdbi jdbi) {
    return new IdentityRepositories(
        new UserRepository(jdbi),
        new MemberRepository(jdbi),
        new TokenRepository(jdbi),
        new SessionRepository(jdbi),
        new AuditRepository(jdbi));
  }
}
