package dev.intake.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 7: the server restarts while the page is open. The page keeps what it showed, a banner
 * says the server is gone, and once it is back the page reconnects and shows what changed
 * meanwhile, without a reload.
 */
class DashboardRestartBrowserTest {
  @TempDir Path tmp;

  @Test
  void aServerRestartShowsTheBannerAndThePageRecoversWithoutAReload() {
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("TASK_MAX_WORKERS", "1");
    try (DashboardBrowser browser = DashboardBrowser.launch()) {
      IntakeNode first = TestNode.serve(vars);
      try {
        restart(browser, first, vars);
      } finally {
        first.close(); // closing twice is harmless
      }
    }
  }

  private static void restart(
      DashboardBrowser browser, IntakeNode first, Map<String, String> vars) {
    int port = first.port();
    String base = "http://127.0.0.1:" + port;
    ApiClient api = new ApiClient(port);
    String before =
        api.upload("before-restart.txt", Documents.textBytes(1, 3), Map.of())
            .body()
            .path("job_id")
            .asText();
    api.awaitFinished(before, Duration.ofMinutes(2));
    try (Tab tab = browser.open(base, Tab.Viewport.DESKTOP)) {
      // The browser reports its refused connections while the server is away.
      tab.allow(Pattern.compile("ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_RESET"));
      tab.allow(Pattern.compile("ERR_INCOMPLETE_CHUNKED_ENCODING|status of 503"));
      Page page = tab.go("#/jobs").page;
      page.evaluate("() => { window.__sameDocument = true; }");
      assertThat(page.locator("tr[data-job-id='" + before + "']")).isVisible();
      Locator banner = page.locator("#banner");
      assertThat(banner).isHidden();

      first.close();
      assertThat(banner)
          .isVisible(
              new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                  .setTimeout(30_000));
      assertThat(banner).containsText("cannot be reached");
      // the page keeps what it showed
      assertThat(page.locator("tr[data-job-id='" + before + "']")).isVisible();
      tab.screenshot("server-gone");

      vars.put("INTAKE_PORT", Integer.toString(port));
      try (IntakeNode second = TestNode.serve(vars)) {
        String after =
            api.upload("after-restart.txt", Documents.textBytes(2, 3), Map.of())
                .body()
                .path("job_id")
                .asText();
        assertThat(banner)
            .containsText(
                "Reconnected",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
                    .setTimeout(60_000));
        assertThat(page.locator("tr[data-job-id='" + after + "']"))
            .isVisible(
                new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                    .setTimeout(30_000));
        assertThat(page.locator("tr[data-job-id='" + after + "'] .badge"))
            .hasText(
                "completed",
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                    .setTimeout(120_000));
        assertThat(page.evaluate("() => window.__sameDocument")).as("no reload").isEqualTo(true);
        tab.assertNoConsoleErrors();
      }
    }
  }
}
