package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Chromium (the system's, e.g. Debian's {@code chromium}: Playwright downloads no browser)
 * driven by Playwright for Java, for the dashboard's browser tests. A test without Chromium is
 * skipped with a message naming the package to install; CI installs it.
 *
 * <p>Every page records its console errors and uncaught exceptions (a script the Content Security
 * Policy blocked shows up there), and {@link #assertClean} fails on any. Screenshots go to {@code
 * target/screenshots/}.
 */
public final class DashboardBrowser implements AutoCloseable {
  /** Where screenshots are saved. */
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Playwright playwright;
  private final Browser browser;
  private final List<String> problems = new ArrayList<>();

  private DashboardBrowser(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** The system's Chromium, or empty (the caller skips). */
  public static Optional<Path> chromium() {
    String configured = System.getenv("SKIFF_CHROMIUM");
    List<String> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** Starts headless Chromium, or skips the test with a message when it is not installed. */
  public static DashboardBrowser start() {
    // Playwright's retrying assertions wait 5 s by default; pages wait on server round trips,
    // which take longer on a loaded machine
    com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    Optional<Path> exe = chromium();
    Assumptions.assumeTrue(
        exe.isPresent(),
        "browser tests skipped: no Chromium (install Debian's 'chromium' package, or set"
            + " SKIFF_CHROMIUM to a Chromium binary)");
    Playwright pw =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Browser b =
        pw.chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(exe.get())
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--disable-dev-shm-usage")));
    return new DashboardBrowser(pw, b);
  }

  /** A new browser profile (cookies of its own), 1280×800. */
  public BrowserContext newContext() {
    return newContext(1280, 800);
  }

  /** A new browser profile with a viewport of {@code width}×{@code height}. */
  public BrowserContext newContext(int width, int height) {
    BrowserContext c =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
    c.setDefaultTimeout(15_000);
    c.onPage(this::watch);
    return c;
  }

  private void watch(Page page) {
    page.onConsoleMessage(
        m -> {
          if ("error".equals(m.type())) {
            String text = m.text();
            // A page answered 4xx on purpose (a test opens a forbidden page) logs a load error.
            if (!text.startsWith("Failed to load resource")) {
              problems.add(page.url() + ": console error: " + text);
            }
          }
        });
    page.onPageError(e -> problems.add(page.url() + ": uncaught: " + e));
  }

  /** Fails when any page logged a console error or threw (e.g. a script the CSP blocked). */
  public void assertClean() {
    assertThat(problems).as("console errors and uncaught exceptions in pages").isEmpty();
  }

  /** Forgets the problems recorded so far (after a test provoked some on purpose). */
  public void clearProblems() {
    problems.clear();
  }

  /** Saves a full-page screenshot as {@code target/screenshots/<name>.png}. */
  public static Path screenshot(Page page, String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  /** Runs axe-core on the page: no serious or critical accessibility violation (WCAG 2 A/AA). */
  public static void assertAccessible(Page page) {
    AxeResults results =
        new AxeBuilder(page)
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
            .analyze();
    List<String> serious = new ArrayList<>();
    for (Rule v : results.getViolations()) {
      if ("serious".equals(v.getImpact()) || "critical".equals(v.getImpact())) {
        serious.add(
            v.getId()
                + " ("
                + v.getImpact()
                + "): "
                + v.getHelp()
                + " at "
                + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList());
      }
    }
    assertThat(serious).as("serious accessibility violations on " + page.url()).isEmpty();
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
