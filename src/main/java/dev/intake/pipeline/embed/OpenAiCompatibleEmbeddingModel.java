package dev.intake.pipeline.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.chunk.Tokenizer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings from a remote OpenAI-compatible {@code POST /v1/embeddings} endpoint (OpenAI, vLLM,
 * Ollama, LM Studio, LocalAI, ...). Texts go in requests of at most {@link
 * Settings#maxBatchSize()}; returned vectors are checked for count and length and L2-normalised,
 * since not every server normalises.
 *
 * <p>Failures are of three kinds. The endpoint is <em>unavailable</em> ({@value #UNAVAILABLE}): it
 * cannot be connected to, or answers 502, 503, 504 (a gateway or server not ready) or 429
 * (throttled) — nothing is wrong with the request, and a caller may wait and send it again without
 * counting it against the job ({@link #isUnavailable}). A request <em>failed</em> ({@code
 * embedding_failed}, {@code embedding_timeout}): no answer within the time-out, the connection
 * broke twice before an answer (once is sent again at once: a server that restarted then refuses
 * the connection), 500 or another 5xx, 408 — transient, but possibly caused by this request, so it
 * is retried as an attempt of the job. Other 4xx and malformed answers are permanent.
 *
 * <p>At most {@link Settings#concurrency()} requests for {@link #embed} are in flight at once from
 * this process; a search query ({@link #embedQuery}) does not wait behind them.
 *
 * <p>The remote model's own tokenizer is not available here, so chunk sizes are measured with a
 * stand-in, by default MiniLM's WordPiece tokenizer; for English text it counts roughly as many
 * tokens as common BPE tokenizers, but it is an approximation.
 */
public final class OpenAiCompatibleEmbeddingModel implements EmbeddingModel {

  private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleEmbeddingModel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DETAIL_CHARS = 200;

  /** The code of a failure that says the endpoint cannot be used now (not this request's fault). */
  public static final String UNAVAILABLE = "embedding_unavailable";

  /**
   * Where and how to call the endpoint.
   *
   * @param baseUrl e.g. {@code https://api.openai.com/v1} or {@code http://localhost:8000}; {@code
   *     /embeddings} is appended to a URL ending in {@code /v1}, {@code /v1/embeddings} otherwise
   * @param model the model name sent with each request
   * @param apiKey sent as a bearer token; null or blank for none
   * @param dimensions the length of the vectors the model returns
   * @param timeout the limit for connecting and for each request
   * @param maxBatchSize the most texts sent in one request
   * @param concurrency the most requests of {@link #embed} in flight at once
   */
  public record Settings(
      URI baseUrl,
      String model,
      String apiKey,
      int dimensions,
      Duration timeout,
      int maxBatchSize,
      int concurrency) {

    public Settings {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(timeout, "timeout");
      String scheme = baseUrl.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("base URL must be http or https, but was " + baseUrl);
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model name must not be blank");
      }
      if (dimensions < 1) {
        throw new IllegalArgumentException("dimensions must be positive, but was " + dimensions);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
      }
      if (maxBatchSize < 1) {
        throw new IllegalArgumentException(
            "max batch size must be positive, but was " + maxBatchSize);
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be positive, but was " + concurrency);
      }
    }

    /** Settings with up to 4 requests at once. */
    public Settings(
        URI baseUrl,
        String model,
        String apiKey,
        int dimensions,
        Duration timeout,
        int maxBatchSize) {
      this(baseUrl, model, apiKey, dimensions, timeout, maxBatchSize, 4);
    }

    /** Settings with a 60 s timeout and up to 64 texts per request. */
    public Settings(URI baseUrl, String model, String apiKey, int dimensions) {
      this(baseUrl, model, apiKey, dimensions, Duration.ofSeconds(60), 64);
    }

    /** Keeps the API key out of logs. */
    @Override
    public String toString() {
      return ("Settings[baseUrl=%s, model=%s, apiKey=%s, dimensions=%d, timeout=%s, maxBatchSize=%d,"
              + " concurrency=%d]")
          .formatted(
              baseUrl,
              model,
              apiKey == null || apiKey.isBlank() ? "none" : "***",
              dimensions,
              timeout,
              maxBatchSize,
              concurrency);
    }
  }

  private final Settings settings;
  private final URI endpoint;
  private final String service;
  private final HttpClient http;
  private final Tokenizer tokenizer;
  private final AutoCloseable ownedTokenizer;
  private final Semaphore inFlight;
  private final EndpointStatus status = new EndpointStatus();

  /** Uses MiniLM's tokenizer (from the class path) to size chunks. */
  public OpenAiCompatibleEmbeddingModel(Settings settings) {
    this(settings, MiniLmTokenizer.load(), true);
  }

  /** Uses {@code tokenizer} to size chunks; the caller keeps ownership of it. */
  public OpenAiCompatibleEmbeddingModel(Settings settings, Tokenizer tokenizer) {
    this(settings, tokenizer, false);
  }

  private OpenAiCompatibleEmbeddingModel(Settings settings, Tokenizer tokenizer, boolean owns) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.ownedTokenizer = owns && tokenizer instanceof AutoCloseable c ? c : null;
    this.endpoint = endpoint(settings.baseUrl());
    this.service = "the embedding service at " + endpoint.getHost(); // never the path
    this.inFlight = new Semaphore(settings.concurrency(), true);
    // HTTP/1.1: a plain-http local server need not understand the HTTP/2 upgrade request.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .build();
  }

  static URI endpoint(URI baseUrl) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    return URI.create(base.endsWith("/v1") ? base + "/embeddings" : base + "/v1/embeddings");
  }

  @Override
  public String name() {
    return settings.model();
  }

  @Override
  public int dimensions() {
    return settings.dimensions();
  }

  @Override
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** Whether the endpoint answered the last request, and if not, why. */
  public EndpointStatus status() {
    return status;
  }

  /** Whether {@code e} says the endpoint cannot be used now, rather than that a request failed. */
  public static boolean isUnavailable(Throwable e) {
    return e instanceof IngestException ie && UNAVAILABLE.equals(ie.code());
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += settings.maxBatchSize()) {
      List<String> batch =
          texts.subList(from, Math.min(texts.size(), from + settings.maxBatchSize()));
      vectors.addAll(limited(batch));
    }
    return Collections.unmodifiableList(vectors);
  }

  /** A person waits for a query: it does not queue behind the ingestion requests in flight. */
  @Override
  public float[] embedQuery(String text) {
    return request(List.of(text)).get(0);
  }

  /**
   * The length of the vectors the endpoint returns for this model, from one request with a short
   * text; the configured {@link Settings#dimensions()} is not checked. For the start-up check.
   */
  public int probeDimensions() {
    JsonNode first = answer(List.of("Intake start-up check")).path("data").path(0);
    JsonNode embedding = first.path("embedding");
    if (!embedding.isArray() || embedding.isEmpty()) {
      throw badResponse("its answer holds no vector");
    }
    return embedding.size();
  }

  private List<float[]> limited(List<String> texts) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IngestException.transientFailure(
          "interrupted", "Embedding was interrupted before it finished", e);
    }
    try {
      return request(texts);
    } finally {
      inFlight.release();
    }
  }

  private List<float[]> request(List<String> texts) {
    return parse(answer(texts), texts.size());
  }

  /** Sends one request; the parsed JSON of a 2xx answer. Keeps {@link #status()} current. */
  private JsonNode answer(List<String> texts) {
    try {
      JsonNode body = send(texts);
      status.reachable();
      return body;
    } catch (IngestException e) {
      if (isUnavailable(e)) {
        status.unavailable(e.getMessage());
      } else {
        status.reachable(); // it answered, or took the request: reachable
      }
      throw e;
    }
  }

  private JsonNode send(List<String> texts) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body(texts)));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      request.header("Authorization", "Bearer " + settings.apiKey());
    }
    HttpResponse<String> response = exchange(request.build(), true);
    checkStatus(response);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw badResponse("its answer is not JSON");
    }
  }

  /**
   * Sends one request. A connection that breaks before the answer is sent once more: a server that
   * restarted or closed an idle connection then refuses the connection (unavailable: the caller
   * waits) or answers; only a connection that breaks twice blames the request.
   */
  private HttpResponse<String> exchange(HttpRequest request, boolean again) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw IngestException.transientFailure(
          UNAVAILABLE,
          "Could not connect to %s within %s".formatted(service, seconds(settings.timeout())),
          e);
    } catch (HttpTimeoutException e) {
      throw IngestException.transientFailure(
          "embedding_timeout",
          "%s did not answer within %s"
              .formatted(capitalized(service), seconds(settings.timeout())),
          e);
    } catch (ConnectException e) {
      throw IngestException.transientFailure(UNAVAILABLE, "Could not connect to " + service, e);
    } catch (IOException e) {
      if (again) {
        log.debug("the connection to {} broke; sending the request once more", service, e);
        return exchange(request, false);
      }
      throw IngestException.transientFailure(
          "embedding_failed",
          "The connection to %s broke during a request, twice".formatted(service),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IngestException.transientFailure(
          "interrupted", "Embedding was interrupted before it finished", e);
    }
  }

  private byte[] body(List<String> texts) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", settings.model());
    ArrayNode input = body.putArray("input");
    texts.forEach(input::add);
    body.put("encoding_format", "float");
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write an embeddings request", e);
    }
  }

  private void checkStatus(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String message =
        "%s answered HTTP %d%s".formatted(capitalized(service), status, detail(response.body()));
    log.debug("Embedding request failed: {}", message);
    // 502-504 come from a gateway or a server that is not ready, 429 from one that throttles: the
    // endpoint cannot be used now, whatever is asked. A 500 may be this request's doing.
    if (status == 502 || status == 503 || status == 504 || status == 429) {
      throw IngestException.transientFailure(UNAVAILABLE, message, null);
    }
    // 408 is the other 4xx that means "not now" rather than "not this request".
    if (status >= 500 || status == 408) {
      throw IngestException.transientFailure("embedding_failed", message, null);
    }
    throw IngestException.permanent("embedding_rejected", message);
  }

  /** The server's own error message, if it sent one in the usual shapes, kept short. */
  private static String detail(String body) {
    String text = null;
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root.path("error");
      text =
          error.isTextual()
              ? error.asText()
              : error.path("message").isTextual()
                  ? error.path("message").asText()
                  : root.path("message").isTextual() ? root.path("message").asText() : null;
    } catch (IOException | RuntimeException e) {
      // Not JSON: say nothing rather than echo an HTML error page.
    }
    if (text == null || text.isBlank()) {
      return "";
    }
    text = text.replaceAll("\\p{Cntrl}+", " ").strip();
    if (text.length() > MAX_DETAIL_CHARS) {
      text = text.substring(0, MAX_DETAIL_CHARS) + "...";
    }
    return ": " + text;
  }

  private List<float[]> parse(JsonNode body, int expected) {
    JsonNode data = body.path("data");
    if (!data.isArray() || data.size() != expected) {
      throw badResponse("it returned %d vectors for %d texts".formatted(data.size(), expected));
    }
    float[][] vectors = new float[expected][];
    for (int i = 0; i < expected; i++) {
      JsonNode item = data.get(i);
      int index = item.path("index").asInt(i);
      if (index < 0 || index >= expected || vectors[index] != null) {
        throw badResponse("it returned vector index %d twice or out of range".formatted(index));
      }
      vectors[index] = vector(item.path("embedding"));
    }
    return List.of(vectors);
  }

  private float[] vector(JsonNode embedding) {
    if (!embedding.isArray()) {
      throw badResponse("a vector is not a list of numbers");
    }
    if (embedding.size() != settings.dimensions()) {
      throw badResponse(
          "it returned %d dimensions, but %d are configured"
              .formatted(embedding.size(), settings.dimensions()));
    }
    float[] vector = new float[embedding.size()];
    for (int d = 0; d < vector.length; d++) {
      JsonNode value = embedding.get(d);
      if (!value.isNumber()) {
        throw badResponse("a vector is not a list of numbers");
      }
      vector[d] = value.floatValue();
    }
    return Vectors.normalize(vector);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private IngestException badResponse(String why) {
    return IngestException.permanent(
        "embedding_bad_response", "Unusable answer from %s: %s".formatted(service, why));
  }

  @Override
  public void close() {
    http.close();
    if (ownedTokenizer != null) {
      try {
        ownedTokenizer.close();
      } catch (Exception e) {
        log.warn("Could not close the tokenizer", e);
      }
    }
  }
}
