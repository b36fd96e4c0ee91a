package dev.intake.dashboard;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.intake.testing.ChromiumGate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright: no browser is downloaded. The flags keep
 * Chromium from reaching out on its own (background networking, component updates, sync), which a
 * closed network refuses; Playwright gives each launch a fresh profile directory.
 */
final class DashboardBrowser implements AutoCloseable {
  static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync");

  private final Playwright playwright;
  private final Browser browser;

  private DashboardBrowser(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Launches Chromium, or skips the calling test when it is not installed (fails under CI). */
  static DashboardBrowser launch() {
    Path chromium = ChromiumGate.require();
    // Assertions wait 5 s by default, too short for a first page on a loaded machine (a test saw
    // the sign-in heading miss it); the actions' own time-out is the tab's 30 s.
    PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(chromium)
                      .setHeadless(true)
                      .setArgs(FLAGS));
      return new DashboardBrowser(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A fresh browser context (no cookies) on the dashboard at {@code base}. */
  Tab open(String base, Tab.Viewport viewport) {
    return new Tab(browser, base, viewport);
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
