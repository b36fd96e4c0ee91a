package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.app.IntakeNode;
import dev.intake.config.ConfigException;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.RawHttp;
import dev.intake.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page can make a browser do with a server on the loopback: requests are sent over a raw
 * socket with the headers a browser would send (Host after DNS rebinding, Origin, Sec-Fetch-Site),
 * to a server without a key and to one with a key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSafetyTest {
  static final String APP = "http://app.example:3000";
  static final String KEY = "browser-key";
  static final String EVIL = "http://evil.example";

  @TempDir static Path tmp;
  IntakeNode open;
  IntakeNode keyed;
  RawHttp raw;
  RawHttp rawKeyed;
  int seed = 3000;

  @BeforeAll
  void start() {
    Map<String, String> vars = TestNode.defaults(tmp.resolve("open"));
    vars.put("INTAKE_CORS_ORIGINS", APP);
    vars.put("INTAKE_ALLOWED_HOSTS", "intake.example, other.example:9999");
    open = TestNode.serve(vars);
    raw = new RawHttp(open.port());
    Map<String, String> keyedVars = TestNode.defaults(tmp.resolve("keyed"));
    keyedVars.put("INTAKE_API_KEY", KEY);
    keyedVars.put("INTAKE_CORS_ORIGINS", APP);
    keyed = TestNode.serve(keyedVars);
    rawKeyed = new RawHttp(keyed.port());
  }

  @AfterAll
  void stop() {
    open.close();
    keyed.close();
  }

  private static List<String> headers(String... h) {
    return List.of(h);
  }

  private RawHttp.Response searchFrom(RawHttp http, String... extra) {
    List<String> h = new ArrayList<>(List.of(extra));
    h.add("Content-Type: application/json");
    return http.send(
        "POST", "/api/v1/search", h, "{\"query\":\"harbour\"}".getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(RawHttp.Response r, String code) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
  }

  // ---- Host (DNS rebinding)

  @Test
  void foreignHostNamesAreRefusedOnEveryPath() {
    int port = open.port();
    for (String host :
        List.of(
            "rebind.attacker.example:" + port,
            "attacker.example",
            "127.0.0.1.attacker.example:" + port,
            "localhost.attacker.example",
            "other.example:9998")) {
      for (String path :
          List.of("/api/v1/health", "/api/v1/documents", "/api/v1/jobs", "/metrics", "/")) {
        assertRefused(raw.send("GET", path, headers("Host: " + host)), "host_not_allowed");
      }
      assertRefused(searchFrom(raw, "Host: " + host), "host_not_allowed");
    }
  }

  @Test
  void theServersOwnNamesAreAccepted() {
    int port = open.port();
    for (String host :
        List.of(
            "127.0.0.1:" + port,
            "localhost:" + port,
            "LOCALHOST.:" + port,
            "localhost",
            "[::1]:" + port,
            "127.0.0.2:" + port,
            "intake.example",
            "intake.example:443",
            "other.example:9999")) {
      RawHttp.Response r = raw.send("GET", "/api/v1/documents", headers("Host: " + host));
      assertThat(r.status()).as("Host: %s → %s", host, r.body()).isEqualTo(200);
    }
    assertThat(raw.send("GET", "/api/v1/documents", headers("Host: a b")).status()).isEqualTo(400);
  }

  // ---- Origin (cross-site requests)

  @Test
  void stateChangingRequestsFromAnotherOriginAreRefused() {
    int port = open.port();
    long jobs = jobsTotal();
    for (String origin :
        List.of(EVIL, "http://127.0.0.1:" + (port + 1), "http://localhost:" + port, "null")) {
      assertRefused(
          raw.send("POST", "/api/v1/workers/stop", headers("Origin: " + origin)),
          "origin_not_allowed");
    }
    assertRefused(
        raw.send("POST", "/api/v1/workers/stop", headers("Sec-Fetch-Site: cross-site")),
        "origin_not_allowed");
    assertThat(new ApiClient(port).get("/api/v1/workers").body().path("workers").size())
        .as("the workers still run")
        .isEqualTo(2);
    // The "simple" requests a page can send without a preflight:
    assertRefused(uploadFrom(raw, "Origin: " + EVIL), "origin_not_allowed");
    assertRefused(
        raw.send(
            "POST",
            "/api/v1/search",
            headers("Origin: " + EVIL, "Content-Type: text/plain"),
            "{\"query\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
        "origin_not_allowed");
    assertRefused(
        raw.send("DELETE", "/api/v1/jobs/cleanup?days_old=0", headers("Origin: " + EVIL)),
        "origin_not_allowed");
    assertThat(jobsTotal()).as("nothing was stored").isEqualTo(jobs);
  }

  @Test
  void theServersOwnOriginKeepsWorking() {
    int port = open.port();
    String self = "http://127.0.0.1:" + port;
    assertThat(searchFrom(raw, "Origin: " + self, "Sec-Fetch-Site: same-origin").status())
        .isEqualTo(200);
    assertThat(
            searchFrom(raw, "Host: localhost:" + port, "Origin: http://localhost:" + port).status())
        .isEqualTo(200);
    assertThat(searchFrom(raw, "Host: localhost", "Origin: http://localhost").status())
        .isEqualTo(200);
    assertThat(uploadFrom(raw, "Origin: " + self, "Sec-Fetch-Site: same-origin").status())
        .isEqualTo(202);
    assertThat(searchFrom(raw).status()).as("no Origin: not a page (curl, the CLI)").isEqualTo(200);
  }

  @Test
  void readsFromAnotherOriginGetNoCorsHeaders() {
    RawHttp.Response r = raw.send("GET", "/api/v1/documents", headers("Origin: " + EVIL));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
  }

  // ---- CORS, opt-in

  @Test
  void corsIsAnsweredForConfiguredOriginsOnly() {
    RawHttp.Response preflight =
        raw.send(
            "OPTIONS",
            "/api/v1/search",
            headers(
                "Origin: " + APP,
                "Access-Control-Request-Method: POST",
                "Access-Control-Request-Headers: content-type, authorization"));
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST", "DELETE");
    assertThat(preflight.header("Access-Control-Allow-Headers"))
        .contains("Content-Type", "Authorization");
    assertRefused(
        raw.send(
            "OPTIONS",
            "/api/v1/search",
            headers("Origin: " + EVIL, "Access-Control-Request-Method: POST")),
        "origin_not_allowed");
    RawHttp.Response plain = raw.send("OPTIONS", "/api/v1/jobs", headers());
    assertThat(plain.status()).isEqualTo(204);
    assertThat(plain.header("Allow")).contains("GET", "POST", "OPTIONS");
    RawHttp.Response post = searchFrom(raw, "Origin: " + APP, "Sec-Fetch-Site: cross-site");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(post.header("Vary")).contains("Origin");
  }

  // ---- with an API key

  @Test
  void theRulesHoldWithAnApiKey() {
    String auth = "Authorization: Bearer " + KEY;
    int port = keyed.port();
    assertRefused(
        rawKeyed.send("GET", "/api/v1/documents", headers(auth, "Host: rebind.attacker.example")),
        "host_not_allowed");
    assertRefused(
        rawKeyed.send("POST", "/api/v1/workers/stop", headers(auth, "Origin: " + EVIL)),
        "origin_not_allowed");
    assertRefused(uploadFrom(rawKeyed, auth, "Origin: " + EVIL), "origin_not_allowed");
    RawHttp.Response preflight =
        rawKeyed.send(
            "OPTIONS",
            "/api/v1/search",
            headers("Origin: " + APP, "Access-Control-Request-Method: POST"));
    assertThat(preflight.status()).as("preflights carry no key").isEqualTo(204);
    assertThat(rawKeyed.send("GET", "/api/v1/documents", headers("Origin: " + APP)).status())
        .isEqualTo(401);
    assertThat(searchFrom(rawKeyed, auth, "Origin: http://127.0.0.1:" + port).status())
        .isEqualTo(200);
  }

  @Test
  void settingsThatAreNotHostsOrOriginsStopTheServer() {
    assertThatThrownBy(() -> new RequestGuard("127.0.0.1", List.of("http://x.example"), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("INTAKE_ALLOWED_HOSTS");
    assertThatThrownBy(
            () -> new RequestGuard("127.0.0.1", List.of(), List.of("https://x.example/app")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("INTAKE_CORS_ORIGINS");
    assertThatThrownBy(() -> new RequestGuard("127.0.0.1", List.of(), List.of("*")))
        .isInstanceOf(ConfigException.class);
  }

  private RawHttp.Response uploadFrom(RawHttp http, String... extra) {
    String b = "----browser" + seed;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(RawHttp.part(b, "file", "page.txt", Documents.textBytes(seed++, 1)));
    body.writeBytes(RawHttp.closing(b));
    List<String> h = new ArrayList<>(List.of(extra));
    h.add("Content-Type: multipart/form-data; boundary=" + b);
    return http.send("POST", "/api/v1/documents/upload", h, body.toByteArray());
  }

  private long jobsTotal() {
    return new ApiClient(open.port()).get("/api/v1/jobs").body().path("total").asLong();
  }
}
