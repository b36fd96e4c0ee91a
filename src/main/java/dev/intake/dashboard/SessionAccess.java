package dev.intake.dashboard;

import dev.intake.http.ApiException;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Access through a dashboard session: the cookie a browser got for the API key, accepted only on
 * requests from the dashboard's own pages. A request that carries the cookie from any other origin
 * (another port on the same host is "same-site" and gets the cookie despite {@code
 * SameSite=Strict}) is refused, whatever its method; a request that changes state must also carry
 * the session's CSRF token in {@value #CSRF_HEADER}.
 */
public final class SessionAccess {
  static final String COOKIE = "intake_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final Sessions sessions;

  SessionAccess(Sessions sessions) {
    this.sessions = sessions;
  }

  /**
   * Whether the request is signed in through a session. Without the cookie, or with one that names
   * no live session, it is not (the caller asks for the key).
   *
   * @throws ApiException 403 when the cookie comes from a foreign page, or a state-changing request
   *     lacks the session's CSRF token
   */
  public boolean signedIn(Context ctx) {
    return session(ctx).isPresent();
  }

  /** The request's live session, checked as {@link #signedIn} says. */
  Optional<Sessions.Session> session(Context ctx) {
    String token = ctx.cookie(COOKIE);
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    requireOwnPage(ctx);
    Optional<Sessions.Session> session = sessions.find(token);
    if (session.isPresent() && STATE_CHANGING.contains(ctx.method().name())) {
      String given = ctx.header(CSRF_HEADER);
      if (given == null
          || !MessageDigest.isEqual(
              given.getBytes(StandardCharsets.UTF_8),
              session.get().csrfToken().getBytes(StandardCharsets.UTF_8))) {
        throw new ApiException(
            403,
            "csrf_token_invalid",
            "This request changes state and needs the session's "
                + CSRF_HEADER
                + " header; reload the dashboard to get it");
      }
    }
    return session;
  }

  /** Refuses a request with the cookie unless it comes from a page of this origin (or no page). */
  static void requireOwnPage(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    boolean ownSite =
        site == null
            || site.equalsIgnoreCase("same-origin")
            || site.equalsIgnoreCase("none"); // typed into the address bar, a bookmark
    String origin = ctx.header("Origin");
    if (!ownSite || (origin != null && !sameOrigin(origin, ctx.header("Host")))) {
      throw new ApiException(
          403,
          "origin_not_allowed",
          "The dashboard session is accepted only from the dashboard's own pages; a page of "
              + (origin == null ? "another site" : "another origin")
              + " cannot use it (send Authorization: Bearer <key> instead)");
    }
  }

  /** Same host and port as the Host header the request was sent to (the scheme's default port). */
  static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI o = new URI(origin);
      URI h = new URI("http://" + host.strip());
      if (o.getScheme() == null || o.getHost() == null || h.getHost() == null) {
        return false;
      }
      String scheme = o.getScheme().toLowerCase(Locale.ROOT);
      int defaultPort = scheme.equals("https") ? 443 : 80;
      int originPort = o.getPort() < 0 ? defaultPort : o.getPort();
      int hostPort = h.getPort() < 0 ? defaultPort : h.getPort();
      return o.getHost().equalsIgnoreCase(h.getHost()) && originPort == hostPort;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
