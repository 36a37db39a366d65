package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Signing in from a browser in local mode, and the pages a browser without a session gets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInE2E {
  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home);
  }

  @AfterAll
  void stop() {
    if (skiff != null) {
      skiff.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void the_one_time_link_signs_in_and_lands_on_the_default_profile_home() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      assertThat(page.url()).endsWith("/p/" + DashboardServer.profile());
      assertThat(page.locator("h1").textContent()).isEqualTo(DashboardServer.profile());
      assertThat(page.locator(".switcher summary").textContent())
          .contains(DashboardServer.profile());
      assertThat(page.locator("text=No runs yet").count()).isEqualTo(1);
      DashboardBrowser.screenshot(page, "home-empty");
      DashboardBrowser.assertAccessible(page);

      // Signing out ends the session: the home page asks for sign-in again.
      page.locator("header .who button").click();
      page.waitForURL("**/signin");
      page.navigate(skiff.url("/p/" + DashboardServer.profile()));
      assertThat(page.url()).contains("/signin?next=");
    }
    browser.assertClean();
  }

  @Test
  void a_browser_without_a_session_is_sent_to_the_sign_in_page_and_a_used_link_is_refused() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = ctx.newPage();
      page.navigate(skiff.url("/p/" + DashboardServer.profile() + "/runs"));
      assertThat(page.url()).contains("/signin?next=%2Fp%2F");
      assertThat(page.locator("h1").textContent()).isEqualTo("Sign in to Skiff");
      assertThat(page.locator("main").textContent()).contains("skiff open");
      DashboardBrowser.assertAccessible(page);

      String link = skiff.server.signInLink().orElseThrow().toString();
      page.navigate(link);
      Response again = page.navigate(link);
      assertThat(again.status()).isEqualTo(401);
    }
    browser.clearProblems();
  }

  @Test
  void a_profile_the_user_is_not_in_answers_403_as_a_page() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      Response r = page.navigate(skiff.url("/p/someone-else"));
      assertThat(r.status()).isEqualTo(403);
      assertThat(page.locator("[role=alert]").textContent()).isNotBlank();
      Response bad = page.navigate(skiff.url("/p/Not_A_Name"));
      assertThat(bad.status()).isEqualTo(404);
    }
    browser.clearProblems();
  }
}
