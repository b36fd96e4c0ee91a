package dev.intake.dashboard;

import dev.intake.http.ApiException;
import dev.intake.http.JsonBody;
import dev.intake.http.KeyAttempts;
import dev.intake.store.jdbc.Database;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web dashboard: its page at {@code /}, its files under {@code /assets/}, and its sign-in at
 * {@code /dashboard/session}. The page is plain HTML, CSS and ES modules that call the HTTP API
 * like any client.
 *
 * <p>With {@code INTAKE_API_KEY} set, the page asks for the key once ({@code POST
 * /dashboard/session}) and then works over a session cookie (HttpOnly, SameSite=Strict) with a CSRF
 * token; {@code DELETE} signs out. Without a key (a loopback-only server) it opens directly. The
 * page, its files and the session route are public; everything they show comes from the API.
 */
public final class Dashboard {
  static final String SESSION_PATH = "/dashboard/session";

  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private final String apiKey;
  // Wrong keys per address, for the sign-in and (keyAttempts()) the API's requests alike.
  private final KeyAttempts attempts;
  private final Sessions sessions;
  private final SessionAccess access;
  private final Assets assets = new Assets();

  /**
   * @param apiKey the server's key, or null when it has none
   */
  public Dashboard(String apiKey, Database db, Clock clock) {
    this.apiKey = apiKey;
    this.attempts = new KeyAttempts(clock);
    this.sessions = apiKey == null ? null : new Sessions(db, clock, apiKey);
    this.access = sessions == null ? null : new SessionAccess(sessions);
  }

  /** Registers the page, its files and the session route. */
  public void routes(Javalin app) {
    app.get("/", ctx -> page(ctx, "index.html"));
    app.get("/assets/<name>", ctx -> page(ctx, ctx.pathParam("name")));
    app.get(SESSION_PATH, this::sessionState);
    app.post(SESSION_PATH, this::signIn);
    app.delete(SESSION_PATH, this::signOut);
  }

  /** The wrong keys per address that a sign-in counts against; the API's requests share them. */
  public KeyAttempts keyAttempts() {
    return attempts;
  }

  /** Paths that need no key: the page and its files, and the session route (it checks itself). */
  public boolean isPublic(Context ctx) {
    String path = ctx.path();
    return path.equals("/") || path.startsWith("/assets/") || path.equals(SESSION_PATH);
  }

  /**
   * Whether the request is signed in through a dashboard session (see {@link SessionAccess}).
   *
   * @throws ApiException 403 for the cookie on a foreign page's request, or a missing CSRF token
   */
  public boolean signedIn(Context ctx) {
    return access != null && access.signedIn(ctx);
  }

  private void page(Context ctx, String name) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    if (!assets.serve(ctx, name)) {
      throw ApiException.notFound("not_found", "No such dashboard file: " + name);
    }
  }

  private void sessionState(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (access == null) {
      ctx.json(state(false, true, null));
      return;
    }
    Optional<Sessions.Session> s = access.session(ctx);
    ctx.json(state(true, s.isPresent(), s.map(Sessions.Session::csrfToken).orElse(null)));
  }

  private void signIn(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    JsonBody body = JsonBody.read(ctx);
    if (access == null) {
      ctx.json(state(false, true, null));
      return;
    }
    String given = body.string("api_key");
    if (given == null || given.isBlank()) {
      throw ApiException.badRequest("api_key is required");
    }
    attempts.requireAllowed(ctx);
    if (!MessageDigest.isEqual(
        given.strip().getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
      attempts.failed(ctx.ip());
      throw new ApiException(401, "unauthorized", "That is not this server's API key");
    }
    attempts.succeeded(ctx.ip());
    Sessions.Opened opened = sessions.open();
    ctx.header("Set-Cookie", cookie(ctx, opened.token(), Sessions.LIFETIME.toSeconds()));
    ctx.json(state(true, true, opened.session().csrfToken()));
  }

  private void signOut(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (access == null) {
      ctx.json(state(false, true, null));
      return;
    }
    if (access.session(ctx).isPresent()) { // checks the CSRF token: a page cannot sign you out
      sessions.close(ctx.cookie(SessionAccess.COOKIE));
    }
    ctx.header("Set-Cookie", cookie(ctx, "", 0));
    ctx.json(state(true, false, null));
  }

  /**
   * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
   * it), Secure when the page came over https (directly or through a proxy that says so).
   */
  private static String cookie(Context ctx, String value, long maxAgeSeconds) {
    boolean https =
        ctx.scheme().equals("https") || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    return SessionAccess.COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + (https ? "; Secure" : "");
  }

  private static Map<String, Object> state(
      boolean keyRequired, boolean authenticated, String csrfToken) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key_required", keyRequired);
    m.put("authenticated", authenticated);
    m.put("csrf_token", csrfToken);
    return m;
  }
}
