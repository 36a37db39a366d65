package dev.skiff.server.web;

import dev.skiff.server.auth.oidc.NextPath;
import dev.skiff.server.auth.oidc.SignInException;
import dev.skiff.server.config.AuthSettings;
import io.javalin.http.Context;

/**
 * {@code GET /signin}: how to sign in with the configured mode. Local: open the one-time link that
 * {@code skiff up} printed (or run {@code skiff open}); OIDC: a button to the provider; IAP or a
 * proxy: they sign people in before a request arrives, so reaching this page means no identity came
 * with it.
 */
public final class SignInPage {
  private final AuthSettings settings;
  private final Pages pages;

  SignInPage(AuthSettings settings, Pages pages) {
    this.settings = settings;
    this.pages = pages;
  }

  /** The page's model. */
  public record Model(String mode, String next, String message) {
    /** The OIDC login link that returns to {@code next}. */
    public String loginLink() {
      return "/auth/login?next=" + DashboardPaths.query(next);
    }
  }

  void show(Context ctx) {
    String next = safeNext(ctx.queryParam("next"));
    String mode = settings.mode().name().toLowerCase(java.util.Locale.ROOT);
    String message = ctx.queryParam("reason");
    if ("expired".equals(message)) {
      message = "Your session ended; sign in again.";
    } else {
      message = null;
    }
    pages.render(ctx, "signin.jte", new Model(mode, next, message));
  }

  /** Only a path of this server (never another site); {@code /} for anything else. */
  static String safeNext(String next) {
    try {
      return NextPath.parse(next);
    } catch (SignInException e) {
      return "/";
    }
  }
}
