package dev.intake.http;

import dev.intake.health.HealthRegistry;
import dev.intake.health.Readiness;
import dev.intake.metrics.IntakeMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP endpoints of an {@code intake worker} process, for probes and scrapers: {@code /health}
 * (readiness and liveness with reasons, and every part of the process), {@code /health/live},
 * {@code /health/ready} and {@code /metrics} (Prometheus, the metric names of API nodes). Read
 * only. The request guard of the API applies (a web page cannot read it through DNS rebinding);
 * with {@code INTAKE_API_KEY} set, {@code /metrics} needs it, the health paths do not (probes carry
 * no key, and they say nothing a key protects).
 */
public final class WorkerServer implements AutoCloseable {
  /** Seconds a not-ready answer asks the caller to wait before it asks again. */
  static final String RETRY_AFTER = "5";

  /**
   * Where the endpoints listen.
   *
   * @param allowedHosts names besides the process's own that clients may use ({@link RequestGuard})
   */
  public record Settings(String host, int port, String apiKey, List<String> allowedHosts) {}

  private final Javalin app;
  private final Readiness readiness;
  private final HealthRegistry health;

  public WorkerServer(
      Settings settings, Readiness readiness, HealthRegistry health, IntakeMetrics metrics) {
    this.readiness = readiness;
    this.health = health;
    RequestGuard guard = new RequestGuard(settings.host(), settings.allowedHosts(), List.of());
    KeyAttempts attempts = new KeyAttempts(Clock.systemUTC());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.useVirtualThreads = true;
              cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            });
    app.before(guard::check);
    app.get("/health", this::health);
    app.get("/health/live", ctx -> probe(ctx, readiness.report().live(), "live", "not_live"));
    app.get("/health/ready", ctx -> probe(ctx, readiness.report().ready(), "ready", "not_ready"));
    app.get(
        "/metrics",
        ctx -> {
          if (settings.apiKey() != null) {
            ApiServer.requireBearer(ctx, settings.apiKey(), attempts);
          }
          ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
    app.exception(
        ApiException.class, (e, ctx) -> ApiServer.error(ctx, e.status(), e.code(), e.getMessage()));
    app.error(
        404,
        ctx ->
            ApiServer.error(
                ctx,
                404,
                "not_found",
                "No such endpoint: "
                    + ctx.method()
                    + " "
                    + ctx.path()
                    + " (a worker serves /health, /health/live, /health/ready and /metrics)"));
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      app.stop(); // a port that is taken leaves nothing running behind
      throw e;
    }
  }

  public int port() {
    return app.port();
  }

  private void health(Context ctx) {
    Readiness.Report r = readiness.report();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", r.ready() ? "ready" : "not_ready");
    body.put("live", r.live());
    body.put("ready", r.ready());
    body.put("reasons", r.reasons());
    Map<String, Object> services = new LinkedHashMap<>();
    health
        .snapshot()
        .forEach(
            (name, st) -> {
              Map<String, Object> part = new LinkedHashMap<>();
              part.put("status", st.level().name().toLowerCase(Locale.ROOT));
              part.put("reason", st.reason());
              part.put("since", st.since());
              services.put(name, part);
            });
    body.put("services", services);
    answer(ctx, r.ready(), body);
  }

  private void probe(Context ctx, boolean ok, String yes, String no) {
    Readiness.Report r = readiness.report();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? yes : no);
    body.put("reasons", r.reasons());
    answer(ctx, ok, body);
  }

  private static void answer(Context ctx, boolean ok, Map<String, Object> body) {
    if (!ok) {
      ctx.header("Retry-After", RETRY_AFTER);
    }
    ctx.status(ok ? 200 : 503).json(body);
  }

  @Override
  public void close() {
    app.stop();
  }
}
