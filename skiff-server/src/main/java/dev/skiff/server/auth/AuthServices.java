package dev.skiff.server.auth;

import dev.skiff.server.config.AuthSettings;
import dev.skiff.store.Database;
import dev.skiff.store.identity.IdentityRepositories;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything sign-in and authorization need, for the configured mode: the authenticators asked in
 * order, the resolver of roles, API tokens, browser sessions and the sign-in policy.
 *
 * @param settings the {@code auth.*} settings
 * @param chain the authenticators, asked in order
 * @param access identity to caller (roles, first sign-in)
 * @param tokens API tokens
 * @param sessions browser sessions
 * @param policy who may sign in
 * @param identity the identity tables
 * @param clock the time
 */
public record AuthServices(
    AuthSettings settings,
    List<Authenticator> chain,
    AccessResolver access,
    ApiTokens tokens,
    BrowserSessions sessions,
    SignInPolicy policy,
    IdentityRepositories identity,
    Clock clock) {

  /**
   * The services of {@code settings.mode()} over {@code database}.
   *
   * @param localToken the home's token (local mode), else null
   * @param localUser the OS user (local mode)
   */
  public static AuthServices create(
      AuthSettings settings, Database database, String localToken, String localUser, Clock clock) {
    IdentityRepositories identity = database.identity();
    ApiTokens tokens = new ApiTokens(identity.tokens(), clock);
    BrowserSessions sessions = new BrowserSessions(identity.sessions(), settings, clock);
    SignInPolicy policy = new SignInPolicy(settings);
    List<Authenticator> chain = new ArrayList<>();
    switch (settings.mode()) {
      case LOCAL -> {
        chain.add(new LocalTokenAuth(localToken, localUser));
        chain.add(tokens);
        chain.add(sessions);
      }
      case OIDC -> {
        chain.add(tokens);
        chain.add(sessions);
      }
      case IAP, PROXY ->
          throw new IllegalStateException(
              "auth.mode " + settings.mode().wire() + " is not built yet");
    }
    return new AuthServices(
        settings,
        chain,
        new AccessResolver(
            identity, database.profiles(), settings, LocalTokenAuth.userName(localUser), clock),
        tokens,
        sessions,
        policy,
        identity,
        clock);
  }
}
