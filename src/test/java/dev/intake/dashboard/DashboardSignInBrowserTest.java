package dev.intake.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.sun.net.httpserver.HttpServer;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.RawHttp;
import dev.intake.testing.TestNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 6: with an API key the dashboard asks for it once, then works over its session; a page
 * of another origin cannot use the session cookie; signing out ends the session.
 */
class DashboardSignInBrowserTest {
  static final String KEY = "browser-key-" + System.nanoTime();
  @TempDir Path tmp;

  @Test
  void theKeyPromptThenThePagesWorkAForeignPageIsRefusedAndSignOutEndsTheSession()
      throws Exception {
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("INTAKE_API_KEY", KEY);
    vars.put("TASK_MAX_WORKERS", "1");
    try (DashboardBrowser browser = DashboardBrowser.launch();
        IntakeNode node = TestNode.serve(vars)) {
      String base = "http://127.0.0.1:" + node.port();
      ApiClient api = new ApiClient(base, KEY);
      ApiClient.Response queued =
          api.upload("queued-long.txt", Documents.textBytes(123, 1500), Map.of());
      String victim = queued.body().path("job_id").asText();
      try (Tab tab = browser.open(base, Tab.Viewport.DESKTOP)) {
        Page page = tab.go("#/jobs").page;
        assertThat(page.locator("main h1")).hasText("Sign in to Intake");
        assertThat(page.getByRole(AriaRole.NAVIGATION)).isHidden();
        tab.screenshot("sign-in");

        // a wrong key is refused with words (the browser logs the 401 of that request)
        tab.allow(Pattern.compile("status of 401"));
        page.getByLabel("API key").fill("not-the-key");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("not this server’s API key");

        page.getByLabel("API key").fill(KEY);
        page.keyboard().press("Enter");
        assertThat(page.locator("main h1")).hasText("Jobs");
        assertThat(page.locator("tr[data-job-id='" + victim + "']")).isVisible();
        Cookie cookie =
            tab.context.cookies().stream()
                .filter(c -> c.name.equals("intake_session"))
                .findFirst()
                .orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(page.evaluate("() => document.cookie")).isEqualTo("");

        // pages that read and change work over the session: search (POST with the CSRF token)
        tab.go("#/search");
        page.getByLabel("Query").fill("worker");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        assertThat(page.locator("#search-results")).containsText("result");

        // a page of another origin on the same host gets the cookie (same site) but is refused
        RawHttp raw = new RawHttp(node.port());
        RawHttp.Response foreign =
            raw.send(
                "GET",
                "/api/v1/jobs",
                List.of(
                    "Cookie: intake_session=" + cookie.value,
                    "Origin: http://127.0.0.1:1",
                    "Sec-Fetch-Site: same-site"));
        assertThat(foreign.status()).isEqualTo(403);
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] html =
            ("<!doctype html><title>elsewhere</title><script>"
                    + "fetch('"
                    + base
                    + "/api/v1/jobs/"
                    + victim
                    + "/cancel', {method: 'POST', credentials: 'include', mode: 'no-cors'})"
                    + ".then(() => document.title = 'sent', () => document.title = 'sent');"
                    + "</script>")
                .getBytes(StandardCharsets.UTF_8);
        evil.createContext(
            "/",
            ex -> {
              ex.getResponseHeaders().add("Content-Type", "text/html");
              ex.sendResponseHeaders(200, html.length);
              ex.getResponseBody().write(html);
              ex.close();
            });
        evil.start();
        try {
          Page other = tab.context.newPage();
          other.navigate("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
          await().atMost(Duration.ofSeconds(20)).until(() -> other.title().equals("sent"));
          other.close();
        } finally {
          evil.stop(0);
        }
        assertThat(api.get("/api/v1/jobs/" + victim).body().path("status").asText())
            .as("the foreign page's cancel was refused")
            .isNotEqualTo("cancelled");

        // signing out ends the session: the prompt again, and the cookie opens nothing
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page.locator("main h1")).hasText("Sign in to Intake");
        tab.go("#/jobs");
        assertThat(page.locator("main h1")).hasText("Sign in to Intake");
        assertThat(
                raw.send(
                        "GET",
                        "/api/v1/jobs",
                        List.of(
                            "Cookie: intake_session=" + cookie.value,
                            "Sec-Fetch-Site: same-origin"))
                    .status())
            .isEqualTo(401);
        tab.assertNoConsoleErrors();
      }
    }
  }
}
