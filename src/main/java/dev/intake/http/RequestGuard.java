package dev.intake.http;

import dev.intake.config.ConfigException;
import io.javalin.http.Context;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a web page may make a browser do with this API. The API often runs on a developer's loopback
 * without a key, where any page the developer opens can reach it:
 *
 * <ul>
 *   <li>A request whose {@code Host} is not a name of this server is refused (403): a page on a
 *       name its owner re-points at 127.0.0.1 (DNS rebinding) cannot read the API. The server's
 *       names are {@code localhost}, loopback addresses, the bind address (every local address when
 *       bound to all) and {@code INTAKE_ALLOWED_HOSTS}.
 *   <li>A state-changing request (POST, PUT, PATCH, DELETE) from a page of another origin is
 *       refused (403): its {@code Origin} is neither this server's own (same host and port) nor in
 *       {@code INTAKE_CORS_ORIGINS}, or it says {@code Sec-Fetch-Site: cross-site}. Requests
 *       without these headers (curl, the CLI) are not from a browser page and pass.
 *   <li>{@code OPTIONS} is answered here; CORS headers go only to origins in {@code
 *       INTAKE_CORS_ORIGINS}, so by default no other origin can read a response.
 * </ul>
 *
 * These rules run before the API key is checked, and apply with a key too.
 */
final class RequestGuard {
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final String METHODS = "GET, POST, DELETE, OPTIONS";

  private final Set<String> ownNames = new HashSet<>();
  private final Set<InetAddress> ownAddresses = new HashSet<>();
  private final List<HostName> allowedHosts = new ArrayList<>();
  private final Set<String> corsOrigins = new LinkedHashSet<>();

  /**
   * @param bindHost the address or name the server listens on
   * @param allowedHosts more names clients may use ({@code name} or {@code name:port})
   * @param corsOrigins origins whose pages may call the API ({@code https://app.example.com})
   * @throws ConfigException for entries that are not host names or origins
   */
  RequestGuard(String bindHost, List<String> allowedHosts, List<String> corsOrigins) {
    List<String> problems = new ArrayList<>();
    ownNames.add("localhost");
    addBindHost(bindHost);
    for (String h : allowedHosts) {
      HostName parsed = HostName.parse(h.strip());
      if (parsed == null) {
        problems.add(
            "INTAKE_ALLOWED_HOSTS: '" + h + "' is not a host name (name, name:port or [v6]:port)");
      } else {
        this.allowedHosts.add(parsed);
      }
    }
    for (String o : corsOrigins) {
      String origin = normalizeOrigin(o.strip());
      if (origin == null) {
        problems.add(
            "INTAKE_CORS_ORIGINS: '" + o + "' is not an origin (scheme://host[:port], no path)");
      } else {
        this.corsOrigins.add(origin);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private void addBindHost(String bindHost) {
    HostName bind =
        HostName.parse(
            bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost);
    if (bind == null) {
      return;
    }
    if (bind.address() == null) {
      ownNames.add(bind.name());
      return;
    }
    if (!bind.address().isAnyLocalAddress()) {
      ownAddresses.add(bind.address());
      return;
    }
    try { // bound to every interface: each of their addresses is a name of this server
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        ownAddresses.addAll(Collections.list(nif.getInetAddresses()));
      }
    } catch (SocketException e) {
      // no list of interfaces: loopback and INTAKE_ALLOWED_HOSTS still work
    }
  }

  /** Runs before every request, ahead of the API key check. */
  void check(Context ctx) {
    HostName host = requestHost(ctx);
    String origin = ctx.header("Origin");
    boolean corsAllowed = origin != null && corsOrigins.contains(normalizeOrigin(origin));
    if (corsAllowed) {
      ctx.header("Access-Control-Allow-Origin", origin);
      ctx.header("Access-Control-Expose-Headers", "Retry-After");
    }
    if (!corsOrigins.isEmpty()) {
      ctx.header("Vary", "Origin");
    }
    String method = ctx.method().name();
    if (method.equals("OPTIONS")) {
      answerOptions(ctx, origin, corsAllowed);
      return;
    }
    if (STATE_CHANGING.contains(method) && !corsAllowed) {
      String site = ctx.header("Sec-Fetch-Site");
      boolean foreignOrigin = origin != null && !sameOrigin(origin, host);
      if (foreignOrigin || "cross-site".equalsIgnoreCase(site)) {
        throw new ApiException(
            403,
            "origin_not_allowed",
            "Requests that change state are not accepted from the web page of another origin ("
                + (origin == null ? "Sec-Fetch-Site: cross-site" : Inputs.shown(origin))
                + "); list the origin in INTAKE_CORS_ORIGINS to allow it");
      }
    }
  }

  /** The host the request is addressed to, which must be a name of this server. */
  private HostName requestHost(Context ctx) {
    String header = ctx.header("Host");
    HostName host = header == null ? null : HostName.parse(header.strip());
    if (header != null && host == null) {
      throw ApiException.badRequest("The Host header is not a host name");
    }
    // A request line with an absolute URI names its own host, which the server goes by.
    String serverName = ctx.req().getServerName();
    HostName server = serverName == null ? null : HostName.parse(serverName);
    if (server != null && host != null && server.sameHost(host)) {
      server = null; // the Host header's, already checked with its port
    }
    for (HostName h : new HostName[] {host, server}) {
      if (h != null && !isOwn(h)) {
        throw new ApiException(
            403,
            "host_not_allowed",
            "'"
                + Inputs.shown(h.name())
                + "' is not a name of this server; add it to INTAKE_ALLOWED_HOSTS to reach the"
                + " server by it");
      }
    }
    return host != null ? host : server;
  }

  boolean isOwn(HostName h) {
    if (h.isLoopback() || ownNames.contains(h.name())) {
      return true;
    }
    if (h.address() != null && ownAddresses.contains(h.address())) {
      return true;
    }
    for (HostName allowed : allowedHosts) {
      if (allowed.sameHost(h) && (allowed.port() < 0 || allowed.port() == h.port())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a page of {@code origin} is this server's own: the same host and port the request was
   * sent to. A Host without a port was sent to the default port of the page's scheme. The scheme
   * itself is not compared: behind a TLS proxy the page is https and this server plain http, and no
   * other server can serve pages from this host and port.
   */
  private static boolean sameOrigin(String origin, HostName host) {
    URI uri = originUri(origin);
    if (uri == null || host == null) {
      return false;
    }
    HostName originHost = HostName.parse(uri.getRawAuthority());
    if (originHost == null || !originHost.sameHost(host)) {
      return false;
    }
    int defaultPort = uri.getScheme().equals("https") ? 443 : 80;
    int originPort = originHost.port() < 0 ? defaultPort : originHost.port();
    int hostPort = host.port() < 0 ? defaultPort : host.port();
    return originPort == hostPort;
  }

  private void answerOptions(Context ctx, String origin, boolean corsAllowed) {
    boolean preflight = origin != null && ctx.header("Access-Control-Request-Method") != null;
    if (preflight && !corsAllowed) {
      throw new ApiException(
          403,
          "origin_not_allowed",
          "Cross-origin requests from "
              + Inputs.shown(origin)
              + " are not allowed;"
              + " list the origin in INTAKE_CORS_ORIGINS to allow them");
    }
    if (preflight) {
      ctx.header("Access-Control-Allow-Methods", METHODS);
      ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
      ctx.header("Access-Control-Max-Age", "600");
    }
    ctx.header("Allow", METHODS);
    ctx.status(204);
  }

  private static URI originUri(String origin) {
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare =
          (uri.getRawPath() == null || uri.getRawPath().isEmpty())
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null
              && uri.getRawAuthority() != null;
      return (scheme.equals("http") || scheme.equals("https")) && bare ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** {@code scheme://host[:port]} in lower case, the scheme's default port left out; or null. */
  static String normalizeOrigin(String origin) {
    URI uri = originUri(origin);
    if (uri == null) {
      return null;
    }
    HostName host = HostName.parse(uri.getRawAuthority());
    if (host == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String name = host.address() instanceof Inet6Address ? "[" + host.name() + "]" : host.name();
    return scheme
        + "://"
        + name
        + (host.port() < 0 || host.port() == defaultPort ? "" : ":" + host.port());
  }
}
