package dev.skiff.server.auth;

import dev.skiff.server.auth.iap.IapAuthenticator;
import dev.skiff.server.auth.proxy.ProxyHeaderAuthenticator;
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
 * @param localSignIn one-time browser sign-in links (local mode), else null
 */
public record AuthServices(
    AuthSettings settings,
    List<Authenticator> chain,
    AccessResolver access,
    ApiTokens tokens,
    BrowserSessions sessions,
    SignInPolicy policy,
    IdentityRepositories identity,
    Clock clock,
    LocalSignIn localSignIn) {

  /**
   * The services of {@code settings.mode()} over {@code database}.
   *
   * @param localToken the home's token (local mode), else null
   * @param localUser the OS user (local mode)
   * @param localSignIn one-time browser sign-in links (local mode), else null
   */
  public static AuthServices create(
      AuthSettings settings,
      Database database,
      String localToken,
      String localUser,
      Clock clock,
      LocalSignIn localSignIn) {
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
      case IAP -> {
        // IAP's signed assertion first: behind IAP every request carries one, and the
        // Authorization header may hold the Google ID token the client passed IAP with (not a
        // Skiff token). Without an assertion (a client inside the cluster, around the load
        // balancer), an API token; with both, the assertion is checked and the token acts.
        chain.add(new IapAuthenticator(settings, policy, clock));
        chain.add(tokens);
      }
      case PROXY -> {
        // The proxy's header, believed from the proxy's addresses only; else an API token.
        chain.add(new ProxyHeaderAuthenticator(settings, policy));
        chain.add(tokens);
      }
    }
    return new AuthServices(
        settings,
        chain,
        new AccessResolver(
            identity,
            database.profiles(),
            settings,
            clock,
            settings.mode() == AuthSettings.Mode.LOCAL ? LocalTokenAuth.userName(localUser) : null),
        tokens,
        sessions,
        policy,
        identity,
        clock,
        localSignIn);
  }
}
