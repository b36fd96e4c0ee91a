package dev.intake.embedserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.intake.pipeline.embed.EmbeddingModel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an in-process {@link EmbeddingModel} over the OpenAI embeddings protocol: {@code POST
 * /v1/embeddings}, {@code GET /v1/models} and {@code GET /health}. This is what {@code intake
 * embed-server} runs, so that workers configured with {@code INTAKE_EMBEDDING_URL} can share one
 * model process (and so that the remote client is tested against a real server of the protocol).
 *
 * <p>Errors have OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}: 400 for a
 * malformed request, 401 without the key (when one is set), 404 for another model's name, 413 for a
 * body over {@value #MAX_BODY_BYTES} bytes, 429 with {@code Retry-After} beyond {@link
 * Settings#maxRequests()} requests in progress (the client waits and sends it again).
 */
public final class EmbeddingServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddingServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The largest request body read. */
  static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  /**
   * Where and how the server listens.
   *
   * @param apiKey required as a bearer token on {@code /v1/*} when set
   * @param maxRequests requests in progress at once; more are answered 429
   */
  public record Settings(String host, int port, String apiKey, int maxRequests) {}

  private final EmbeddingModel model;
  private final Settings settings;
  private final Semaphore inProgress;
  private final Javalin app;

  public EmbeddingServer(EmbeddingModel model, Settings settings) {
    this.model = model;
    this.settings = settings;
    this.inProgress = new Semaphore(settings.maxRequests());
    this.app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.useVirtualThreads = true;
              cfg.http.maxRequestSize = MAX_BODY_BYTES;
            });
    app.before("/v1/*", this::authorize);
    app.post("/v1/embeddings", this::embeddings);
    app.get("/v1/models", this::models);
    app.get("/health", ctx -> ctx.json(java.util.Map.of("status", "ok", "model", model.name())));
    app.exception(
        EmbeddingsRequest.BadRequest.class,
        (e, ctx) -> error(ctx, 400, "invalid_request_error", e.param, null, e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("embedding request failed", e);
          error(ctx, 500, "server_error", null, null, "The server could not embed the input");
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(WRITTEN) == null) {
            error(
                ctx,
                404,
                "invalid_request_error",
                null,
                "unknown_url",
                "No such endpoint: " + ctx.method() + " " + ctx.path());
          }
        });
    app.start(settings.host(), settings.port());
  }

  private static final String WRITTEN = "embed.error-written";

  public int port() {
    return app.port();
  }

  private void authorize(Context ctx) {
    if (settings.apiKey() == null) {
      return;
    }
    String header = ctx.header("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8),
        settings.apiKey().getBytes(StandardCharsets.UTF_8))) {
      error(
          ctx,
          401,
          "invalid_request_error",
          null,
          "invalid_api_key",
          "A valid API key is required (Authorization: Bearer <key>)");
      ctx.skipRemainingHandlers();
    }
  }

  private void embeddings(Context ctx) throws IOException {
    byte[] body = readBody(ctx);
    if (body == null) {
      return;
    }
    EmbeddingsRequest request = EmbeddingsRequest.parse(body, model.dimensions());
    if (!request.model().equals(model.name())) {
      error(
          ctx,
          404,
          "invalid_request_error",
          "model",
          "model_not_found",
          "The model '"
              + request.model()
              + "' does not exist here; this server serves '"
              + model.name()
              + "'");
      return;
    }
    if (!inProgress.tryAcquire()) {
      ctx.header("Retry-After", "1");
      error(
          ctx,
          429,
          "rate_limit_error",
          null,
          "too_many_requests",
          settings.maxRequests() + " requests are in progress; try again shortly");
      return;
    }
    List<float[]> vectors;
    long tokens;
    try {
      vectors = model.embed(request.input());
      tokens = request.input().stream().mapToLong(t -> model.tokenizer().countTokens(t)).sum();
    } finally {
      inProgress.release();
    }
    ctx.contentType("application/json")
        .result(JSON.writeValueAsBytes(answer(request, vectors, tokens)));
  }

  private ObjectNode answer(EmbeddingsRequest request, List<float[]> vectors, long tokens) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < vectors.size(); i++) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      float[] v = vectors.get(i);
      if (request.base64()) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode numbers = item.putArray("embedding");
        for (float f : v) {
          numbers.add(f); // Jackson writes the shortest decimal that reads back as the same float
        }
      }
    }
    root.put("model", model.name());
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", tokens);
    usage.put("total_tokens", tokens);
    return root;
  }

  private void models(Context ctx) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    ObjectNode m = root.putArray("data").addObject();
    m.put("id", model.name());
    m.put("object", "model");
    m.put("owned_by", "intake");
    ctx.json(root);
  }

  /** The body, or null after answering 413 or 415. */
  private static byte[] readBody(Context ctx) throws IOException {
    String type = ctx.header("Content-Type");
    if (type == null || !type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
      error(
          ctx,
          415,
          "invalid_request_error",
          null,
          "unsupported_media_type",
          "The body must be JSON, sent with Content-Type: application/json");
      return null;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        error(
            ctx,
            413,
            "invalid_request_error",
            null,
            "request_too_large",
            "The body is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MB");
        return null;
      }
      return bytes;
    }
  }

  private static void error(
      Context ctx, int status, String type, String param, String code, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    ctx.attribute(WRITTEN, true);
    ctx.status(status).contentType("application/json").result(root.toString());
  }

  @Override
  public void close() {
    app.stop();
  }
}
