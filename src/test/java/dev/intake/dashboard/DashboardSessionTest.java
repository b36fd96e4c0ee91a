package dev.intake.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.app.IntakeNode;
import dev.intake.http.KeyAttempts;
import dev.intake.testing.RawHttp;
import dev.intake.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's sign-in over real HTTP: the page is public, the key is asked for once, the
 * session cookie works only from the dashboard's own origin and with its CSRF token on changes,
 * Bearer keys keep working, signing out ends the session, and a new key ends every session.
 */
class DashboardSessionTest {
  static final String KEY = "dashboard-key-1";
  @TempDir Path tmp;

  record Session(String cookie, String csrf) {}

  private static final Pattern COOKIE = Pattern.compile("intake_session=([^;]*)");

  static Session signIn(RawHttp http, String key) {
    RawHttp.Response r =
        http.send(
            "POST",
            "/dashboard/session",
            List.of("Content-Type: application/json", "Origin: http://" + http.host()),
            ("{\"api_key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Matcher m = COOKIE.matcher(r.header("Set-Cookie"));
    assertThat(m.find()).isTrue();
    return new Session(m.group(1), r.json().path("csrf_token").asText());
  }

  /** A request as the dashboard's own page sends it. */
  static List<String> fromPage(RawHttp http, Session s, String... more) {
    List<String> h = new ArrayList<>();
    h.add("Cookie: intake_session=" + s.cookie());
    h.add("Sec-Fetch-Site: same-origin");
    h.add("Origin: http://" + http.host());
    h.addAll(List.of(more));
    return h;
  }

  @Test
  void theKeyIsAskedOnceThenTheSessionCookieWorksOnlyFromTheDashboardsOwnPage() {
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("INTAKE_API_KEY", KEY);
    try (IntakeNode node = TestNode.serve(vars)) {
      RawHttp http = new RawHttp(node.port());
      RawHttp.Response page = http.send("GET", "/", List.of());
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
      assertThat(page.body()).contains("/assets/js/app.js");
      assertThat(http.send("GET", "/assets/js/app.js", List.of()).header("Content-Type"))
          .startsWith("text/javascript");
      assertThat(http.send("GET", "/assets/js/nothing.js", List.of()).status()).isEqualTo(404);
      assertThat(http.send("GET", "/assets/..%2fintake-openapi.json", List.of()).status())
          .isEqualTo(404);

      RawHttp.Response state = http.send("GET", "/dashboard/session", List.of());
      assertThat(state.json().path("key_required").asBoolean()).isTrue();
      assertThat(state.json().path("authenticated").asBoolean()).isFalse();
      RawHttp.Response wrong =
          http.send(
              "POST",
              "/dashboard/session",
              List.of("Content-Type: application/json"),
              "{\"api_key\":\"nope\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.header("Set-Cookie")).isNull();

      RawHttp.Response in =
          http.send(
              "POST",
              "/dashboard/session",
              List.of("Content-Type: application/json"),
              ("{\"api_key\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8));
      assertThat(in.header("Set-Cookie"))
          .contains("HttpOnly")
          .contains("SameSite=Strict")
          .contains("Path=/")
          .doesNotContain("Secure");
      Session s = signIn(http, KEY);
      assertThat(s.csrf()).hasSizeGreaterThan(20);

      // the session reads and, with its CSRF token, changes
      assertThat(http.send("GET", "/api/v1/jobs", fromPage(http, s)).status()).isEqualTo(200);
      assertThat(
              http.send("GET", "/api/v1/jobs", List.of("Cookie: intake_session=" + s.cookie()))
                  .status())
          .as("no Sec-Fetch-Site, no Origin: not a page of another site")
          .isEqualTo(200);
      byte[] search = "{\"query\":\"lighthouse\"}".getBytes(StandardCharsets.UTF_8);
      RawHttp.Response noCsrf =
          http.send(
              "POST",
              "/api/v1/search",
              fromPage(http, s, "Content-Type: application/json"),
              search);
      assertThat(noCsrf.status()).isEqualTo(403);
      assertThat(noCsrf.errorCode()).isEqualTo("csrf_token_invalid");
      RawHttp.Response wrongCsrf =
          http.send(
              "POST",
              "/api/v1/search",
              fromPage(http, s, "Content-Type: application/json", "X-CSRF-Token: " + s.cookie()),
              search);
      assertThat(wrongCsrf.status()).isEqualTo(403);
      assertThat(
              http.send(
                      "POST",
                      "/api/v1/search",
                      fromPage(
                          http, s, "Content-Type: application/json", "X-CSRF-Token: " + s.csrf()),
                      search)
                  .status())
          .isEqualTo(200);

      // the cookie from any other page is refused, reads included
      for (List<String> foreign :
          List.of(
              List.of("Cookie: intake_session=" + s.cookie(), "Origin: http://evil.example"),
              List.of(
                  "Cookie: intake_session=" + s.cookie(),
                  "Origin: http://127.0.0.1:1",
                  "Sec-Fetch-Site: same-site"),
              List.of("Cookie: intake_session=" + s.cookie(), "Sec-Fetch-Site: cross-site"))) {
        RawHttp.Response r = http.send("GET", "/api/v1/jobs", foreign);
        assertThat(r.status()).as("%s: %s", foreign, r.body()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("origin_not_allowed");
      }
      RawHttp.Response events =
          http.send(
              "GET",
              "/api/v1/events",
              List.of("Cookie: intake_session=" + s.cookie(), "Origin: http://evil.example"));
      assertThat(events.status()).isEqualTo(403);

      // Bearer keys work as before; a wrong cookie is no key
      assertThat(http.send("GET", "/api/v1/jobs", List.of("Authorization: Bearer " + KEY)).status())
          .isEqualTo(200);
      assertThat(
              http.send("GET", "/api/v1/jobs", List.of("Cookie: intake_session=forged")).status())
          .isEqualTo(401);

      // signing out needs the token, then ends the session
      assertThat(http.send("DELETE", "/dashboard/session", fromPage(http, s)).status())
          .isEqualTo(403);
      RawHttp.Response out =
          http.send("DELETE", "/dashboard/session", fromPage(http, s, "X-CSRF-Token: " + s.csrf()));
      assertThat(out.status()).isEqualTo(200);
      assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
      assertThat(http.send("GET", "/api/v1/jobs", fromPage(http, s)).status()).isEqualTo(401);
    }
  }

  @Test
  void aNewKeyEndsEverySessionAndWithoutAKeyTheDashboardOpensDirectly() {
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("INTAKE_API_KEY", KEY);
    Session s;
    int port;
    try (IntakeNode node = TestNode.serve(vars)) {
      port = node.port();
      s = signIn(new RawHttp(port), KEY);
      assertThat(
              new RawHttp(port)
                  .send("GET", "/api/v1/jobs", fromPage(new RawHttp(port), s))
                  .status())
          .isEqualTo(200);
    }
    vars.put("INTAKE_API_KEY", "dashboard-key-2");
    try (IntakeNode node = TestNode.serve(vars)) {
      RawHttp http = new RawHttp(node.port());
      Session stale = new Session(s.cookie(), s.csrf());
      assertThat(http.send("GET", "/api/v1/jobs", fromPage(http, stale)).status())
          .as("a session of the old key")
          .isEqualTo(401);
    }
    vars.remove("INTAKE_API_KEY");
    try (IntakeNode node = TestNode.serve(vars)) {
      RawHttp http = new RawHttp(node.port());
      RawHttp.Response state = http.send("GET", "/dashboard/session", List.of());
      assertThat(state.json().path("key_required").asBoolean()).isFalse();
      assertThat(state.json().path("authenticated").asBoolean()).isTrue();
      assertThat(http.send("GET", "/api/v1/jobs", List.of()).status()).isEqualTo(200);
    }
  }

  /**
   * A key cannot be guessed at the speed of requests: after ten wrong keys from one address, that
   * address's keys answer 429 with Retry-After, the right key and the dashboard's sign-in too,
   * while requests that present no key still answer 401 (a page polling with an expired session
   * locks nobody out).
   */
  @Test
  void tenWrongKeysFromAnAddressLockItsKeysAndSignInsOutForAWhile() {
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("INTAKE_API_KEY", KEY);
    try (IntakeNode node = TestNode.serve(vars)) {
      RawHttp http = new RawHttp(node.port());
      for (int i = 0; i < 20; i++) {
        assertThat(http.send("GET", "/api/v1/jobs", List.of()).status())
            .as("no key presented")
            .isEqualTo(401);
      }
      assertThat(http.send("GET", "/api/v1/jobs", bearer(KEY)).status()).isEqualTo(200);
      for (int i = 0; i < KeyAttempts.ALLOWED; i++) {
        assertThat(http.send("GET", "/api/v1/jobs", bearer("guess-" + i)).status())
            .as("wrong key %d", i + 1)
            .isEqualTo(401);
      }

      RawHttp.Response locked = http.send("GET", "/api/v1/jobs", bearer("guess-next"));
      assertThat(locked.status()).isEqualTo(429);
      assertThat(locked.errorCode()).isEqualTo("too_many_wrong_keys");
      assertThat(Integer.parseInt(locked.header("Retry-After"))).isBetween(1, 60);
      assertThat(http.send("GET", "/api/v1/jobs", bearer(KEY)).status())
          .as("even the right key, until the minute is over")
          .isEqualTo(429);
      RawHttp.Response signIn =
          http.send(
              "POST",
              "/dashboard/session",
              List.of("Content-Type: application/json"),
              ("{\"api_key\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8));
      assertThat(signIn.status()).isEqualTo(429);
      assertThat(signIn.header("Set-Cookie")).isNull();
      assertThat(http.send("GET", "/api/v1/health", List.of()).status())
          .as("health needs no key")
          .isEqualTo(200);
    }
  }

  private static List<String> bearer(String key) {
    return List.of("Authorization: Bearer " + key);
  }
}
