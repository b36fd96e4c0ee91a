package dev.intake.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.dashboard.Dashboard;
import dev.intake.ingest.OverloadedException;
import dev.intake.metrics.IntakeMetrics;
import dev.intake.store.StoreUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of API.md. Every route and the mapping of exceptions to status codes live here; the
 * endpoint classes only parse input and call one service.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final String BASE = "/api/v1";

  /** Seconds a client is asked to wait before it tries again while the database is unreachable. */
  static final String DATABASE_RETRY_AFTER = "5";

  /** Marks a response that already carries an API error body. */
  private static final String ERROR_WRITTEN = "intake.error-written";

  /**
   * Where the server listens and what it accepts.
   *
   * @param allowedHosts names besides the server's own that clients may use ({@link RequestGuard})
   * @param corsOrigins origins whose web pages may call the API
   */
  public record Settings(
      String host,
      int port,
      long maxUploadBytes,
      Path tempDir,
      String apiKey,
      List<String> allowedHosts,
      List<String> corsOrigins) {}

  private final Javalin app;

  /** The endpoint objects the routes call. */
  public record Endpoints(
      JobEndpoints jobs,
      DocumentEndpoints documents,
      SystemEndpoints system,
      EventStream events,
      IntakeMetrics metrics,
      Dashboard dashboard) {}

  public ApiServer(Settings settings, Endpoints endpoints) {
    JobEndpoints jobs = endpoints.jobs();
    DocumentEndpoints documents = endpoints.documents();
    SystemEndpoints system = endpoints.system();
    ObjectMapper mapper = Json.mapper();
    long maxMb = Math.max(1, settings.maxUploadBytes() / (1024 * 1024));
    RequestGuard guard =
        new RequestGuard(settings.host(), settings.allowedHosts(), settings.corsOrigins());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.useVirtualThreads = true;
              cfg.jsonMapper(new JavalinJackson(mapper, false));
              cfg.jetty.multipartConfig.cacheDirectory(settings.tempDir().toString());
              cfg.jetty.multipartConfig.maxFileSize(maxMb, SizeUnit.MB);
              cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
              cfg.jetty.multipartConfig.maxTotalRequestSize(maxMb + 1, SizeUnit.MB);
              cfg.http.maxRequestSize = JsonBody.MAX_BYTES;
              cfg.jetty.modifyServletContextHandler(
                  handler -> {
                    handler.setMaxFormKeys(UploadForm.MAX_PARTS); // Jetty's limit on parts
                    handler.setMaxFormContentSize(UploadForm.MAX_FIELD_BYTES);
                  });
            });

    app.before(guard::check); // Host and Origin first: they apply with or without a key
    app.options("/*", ctx -> {}); // answered by the guard
    Dashboard dashboard = endpoints.dashboard();
    KeyAttempts attempts = dashboard.keyAttempts();
    app.beforeMatched(ctx -> authorize(ctx, settings.apiKey(), dashboard, attempts));
    dashboard.routes(app);

    app.post(BASE + "/documents/upload", documents::upload);
    app.post(BASE + "/documents/ingest-directory", documents::ingestDirectory);
    app.get(BASE + "/documents", documents::list);
    app.get(BASE + "/documents/{document_id}", documents::get);
    app.delete(BASE + "/documents/{document_id}", documents::delete);
    app.get(BASE + "/documents/{document_id}/chunks", documents::chunks);
    app.post(BASE + "/documents/{document_id}/reprocess", documents::reprocess);

    app.get(BASE + "/jobs", jobs::list);
    // Fixed paths before /jobs/{job_id}, which would otherwise match them.
    app.get(BASE + "/jobs/statistics", jobs::statistics);
    app.delete(BASE + "/jobs/cleanup", jobs::cleanup);
    app.get(
        BASE + "/jobs/{job_id}/events",
        ctx -> {
          jobs.requireJob(ctx); // 404 before the stream opens
          stream(ctx, endpoints.events(), ctx.pathParam("job_id"));
        });
    app.get(BASE + "/events", ctx -> stream(ctx, endpoints.events(), null));
    app.get(BASE + "/jobs/{job_id}", jobs::get);
    app.get(BASE + "/jobs/{job_id}/progress", jobs::progress);
    app.get(BASE + "/jobs/{job_id}/result", jobs::result);
    app.get(BASE + "/jobs/{job_id}/history", jobs::history);
    app.post(BASE + "/jobs/{job_id}/cancel", jobs::cancel);
    app.post(BASE + "/jobs/{job_id}/retry", jobs::retry);

    byte[] openApi = OpenApiDocument.load().json();
    app.get(BASE + "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    app.post(BASE + "/search", system::search);
    app.get(BASE + "/health", system::health);
    app.get(BASE + "/health/workers", system::workerHealth);
    app.get(BASE + "/workers", system::workers);
    app.post(BASE + "/workers/start", system::startWorkers);
    app.post(BASE + "/workers/stop", system::stopWorkers);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(endpoints.metrics().scrape()));

    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    app.exception(StoreUnavailableException.class, (e, ctx) -> databaseUnavailable(ctx, e));
    app.exception(
        OverloadedException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", String.valueOf(e.retryAfter().toSeconds()));
          error(ctx, 503, e.code(), e.getMessage());
        });
    app.exception(
        IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          if (isTooLarge(e)) {
            error(
                ctx,
                413,
                "file_too_large",
                "The file is larger than the limit of " + maxMb + " MB");
            return;
          }
          var outage = StoreUnavailableException.in(e);
          if (outage.isPresent()) {
            databaseUnavailable(ctx, outage.get());
            return;
          }
          if (BlobStoreErrors.answer(ctx, e)) {
            return;
          }
          log.error("request {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "internal_error", "Internal error; the server log has the details");
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(ERROR_WRITTEN) == null) {
            error(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path());
          }
        });
    app.start(settings.host(), settings.port());
  }

  /**
   * Opens a server-sent-event stream whatever the request's Accept header says: Javalin's own SSE
   * route answers an empty 200 to clients that do not send {@code Accept: text/event-stream} (curl,
   * many HTTP libraries), which looks like a stream that never sends anything. Beyond the limit of
   * open streams it answers {@code 503 too_many_streams} with {@code Retry-After}.
   */
  static void stream(Context ctx, EventStream events, String jobId) throws IOException {
    try {
      events.reserve();
    } catch (ApiException e) {
      ctx.header("Retry-After", String.valueOf(EventStream.RETRY_AFTER_SECONDS));
      throw e;
    }
    try {
      HttpServletResponse res = ctx.res();
      res.setStatus(200);
      res.setCharacterEncoding("UTF-8");
      res.setContentType("text/event-stream");
      res.addHeader("Cache-Control", "no-cache");
      res.addHeader("X-Accel-Buffering", "no"); // no buffering in front of the stream
      res.flushBuffer();
      ctx.async(
          settings -> settings.timeout = 0L, () -> events.subscribe(new SseClient(ctx), jobId));
    } catch (IOException | RuntimeException e) {
      events.release();
      throw e;
    }
  }

  public int port() {
    return app.port();
  }

  private static void authorize(
      Context ctx, String apiKey, Dashboard dashboard, KeyAttempts attempts) {
    // A CORS preflight never carries credentials; the guard has answered it.
    if (apiKey == null
        || ctx.path().equals(BASE + "/health")
        || isOptions(ctx)
        || dashboard.isPublic(ctx)) {
      return;
    }
    if (ctx.header("Authorization") == null && dashboard.signedIn(ctx)) {
      return; // the dashboard's session cookie, from its own page, with its CSRF token
    }
    requireBearer(ctx, apiKey, attempts);
  }

  /**
   * Throws 401 unless the request carries {@code Authorization: Bearer <apiKey>}, and 429 for a key
   * from an address that has presented too many wrong ones ({@link KeyAttempts}).
   */
  static void requireBearer(Context ctx, String apiKey, KeyAttempts attempts) {
    String header = ctx.header("Authorization");
    if (header == null) {
      throw unauthorized(); // no key presented: not a guess
    }
    attempts.requireAllowed(ctx);
    String given = header.startsWith("Bearer ") ? header.substring(7).trim() : "";
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
      attempts.failed(ctx.ip());
      throw unauthorized();
    }
    attempts.succeeded(ctx.ip());
  }

  private static ApiException unauthorized() {
    return new ApiException(
        401, "unauthorized", "A valid API key is required (Authorization: Bearer <key>)");
  }

  private static boolean isOptions(Context ctx) {
    return ctx.method().name().equals("OPTIONS");
  }

  /**
   * Jetty reports a multipart part over the limit as an IllegalStateException somewhere in the
   * chain.
   */
  static boolean isTooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (t instanceof dev.intake.blob.BlobTooLargeException
          || (m != null
              && (m.contains("exceeds max filesize")
                  || m.contains("exceeds maxRequestSize")
                  || m.contains("max file size exceeded")
                  || m.contains("Request exceeds maxRequestSize")))) {
        return true;
      }
    }
    return false;
  }

  /** The database cannot be reached: {@code 503}, to be tried again, never a {@code 500}. */
  private static void databaseUnavailable(Context ctx, StoreUnavailableException e) {
    log.debug("request {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
    ctx.header("Retry-After", DATABASE_RETRY_AFTER);
    error(
        ctx,
        503,
        "database_unavailable",
        "The database cannot be reached ("
            + e.reason()
            + "); try again in "
            + DATABASE_RETRY_AFTER
            + " s");
  }

  static void error(Context ctx, int status, String code, String message) {
    ctx.attribute(ERROR_WRITTEN, true);
    ctx.status(status).json(Map.of("error", Map.of("code", code, "message", message)));
  }

  @Override
  public void close() {
    app.stop();
  }
}
