package dev.skiff.server.auth.iap;

import dev.skiff.server.auth.AuthenticationException;
import dev.skiff.server.auth.Authenticator;
import dev.skiff.server.auth.CrossSiteWrites;
import dev.skiff.server.auth.Identity;
import dev.skiff.server.auth.SignInPolicy;
import dev.skiff.server.config.AuthSettings;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * IAP mode: behind Google Cloud Identity-Aware Proxy, the caller is the user named by IAP's signed
 * assertion ({@code x-goog-iap-jwt-assertion}), checked on every request ({@link IapAssertions}).
 *
 * <p>The unsigned {@code x-goog-authenticated-user-email} header is never read: anyone who reaches
 * Skiff around IAP could write it. A request without an assertion is left to the next authenticator
 * (API tokens); a request with an assertion that is not valid is refused (401).
 *
 * <p>A request that passed IAP and also presents a Skiff API token ({@code Authorization: Bearer
 * skf.…}: a script that passed IAP with a Google-signed token in {@code Proxy-Authorization}) acts
 * with that token: its assertion is still checked, then the token decides who acts, within its
 * scope. Any other {@code Authorization} header is ignored here: behind IAP it is often the Google
 * ID token a client used to pass IAP ({@code kfp.Client(client_id=…)} sends one).
 */
public final class IapAuthenticator implements Authenticator {
  /** The header IAP signs the user into. */
  public static final String ASSERTION_HEADER = "x-goog-iap-jwt-assertion";

  private static final String SKIFF_TOKEN = "bearer skf.";

  private final IapAssertions assertions;
  private final SignInPolicy policy;
  private final URI externalUrl;

  /** An authenticator for {@code settings.iap()}, keys fetched from its JWKS URL. */
  public IapAuthenticator(AuthSettings settings, SignInPolicy policy, Clock clock) {
    this(
        new IapAssertions(
            settings.iap().audience(), new IapSigningKeys(settings.iap().jwksUrl(), clock), clock),
        policy,
        settings.externalUrl());
  }

  IapAuthenticator(IapAssertions assertions, SignInPolicy policy, URI externalUrl) {
    this.assertions = assertions;
    this.policy = policy;
    this.externalUrl = externalUrl;
  }

  @Override
  public Optional<Identity> authenticate(Context ctx) {
    List<String> values = Collections.list(ctx.req().getHeaders(ASSERTION_HEADER));
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw new AuthenticationException(
          "the request carries " + values.size() + " IAP assertions; IAP sends one");
    }
    String user;
    try {
      user = assertions.verify(values.getFirst().strip());
    } catch (IapSigningKeys.Unavailable e) {
      throw new ServiceUnavailableResponse(e.getMessage());
    }
    if (presentsSkiffToken(ctx)) {
      return Optional.empty();
    }
    if (!policy.allows(user, Set.of())) {
      throw new ForbiddenResponse(SignInPolicy.refusal(user));
    }
    CrossSiteWrites.refuse(ctx, externalUrl);
    return Optional.of(Identity.of(user, "", Set.of(), Identity.Method.IAP));
  }

  private static boolean presentsSkiffToken(Context ctx) {
    String authorization = ctx.header("Authorization");
    return authorization != null
        && authorization.regionMatches(true, 0, SKIFF_TOKEN, 0, SKIFF_TOKEN.length());
  }
}
