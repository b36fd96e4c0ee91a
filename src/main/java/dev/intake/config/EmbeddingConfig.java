package dev.intake.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Which embedding model a process uses: the in-process ONNX model ({@link #remote()} false), or a
 * remote OpenAI-compatible endpoint chosen by {@code INTAKE_EMBEDDING_URL}. For a remote endpoint
 * the model name and the length of its vectors must be given: the length sizes the search index
 * before the endpoint was ever reached, and the endpoint's answer at start-up is checked against
 * it.
 *
 * @param url the endpoint's base URL ({@code http://tei:8080}, {@code https://api.openai.com/v1});
 *     null for the in-process model
 * @param model the model name sent with each request
 * @param apiKey sent as a bearer token; null for none
 * @param dimensions the length of the model's vectors
 * @param batchSize the most texts sent in one request
 * @param timeout the limit for connecting and for each request
 * @param concurrency the most requests this process has in flight at once
 */
public record EmbeddingConfig(
    URI url,
    String model,
    String apiKey,
    int dimensions,
    int batchSize,
    Duration timeout,
    int concurrency) {

  /** Whether a remote endpoint is configured. */
  public boolean remote() {
    return url != null;
  }

  /** Keeps the key out of logs. */
  @Override
  public String toString() {
    return "EmbeddingConfig[url=%s, model=%s, apiKey=%s, dimensions=%d, batchSize=%d, timeout=%s, concurrency=%d]"
        .formatted(
            url,
            model,
            apiKey == null ? "none" : "***",
            dimensions,
            batchSize,
            timeout,
            concurrency);
  }

  static EmbeddingConfig read(Settings s) {
    String url = s.string("INTAKE_EMBEDDING_URL", null);
    String model = s.string("INTAKE_EMBEDDING_MODEL", null);
    String apiKey = s.string("INTAKE_EMBEDDING_API_KEY", null);
    int dimensions = s.integer("INTAKE_EMBEDDING_DIMENSIONS", 0, 1, 65_536);
    int batch = s.integer("INTAKE_EMBEDDING_BATCH_SIZE", 32, 1, 2048);
    Duration timeout = s.seconds("INTAKE_EMBEDDING_TIMEOUT", Duration.ofSeconds(60), 0.1);
    int concurrency = s.integer("INTAKE_EMBEDDING_CONCURRENCY", 4, 1, 256);
    if (url == null) {
      s.check(
          model == null && apiKey == null && dimensions == 0,
          "INTAKE_EMBEDDING_MODEL, INTAKE_EMBEDDING_API_KEY and INTAKE_EMBEDDING_DIMENSIONS"
              + " choose a remote embedding endpoint: set INTAKE_EMBEDDING_URL too, or unset them"
              + " for the in-process model");
      return new EmbeddingConfig(null, null, null, 0, batch, timeout, concurrency);
    }
    URI uri = endpoint(s, url);
    s.check(
        model != null,
        "INTAKE_EMBEDDING_MODEL is required with INTAKE_EMBEDDING_URL (the model name the"
            + " endpoint serves, e.g. text-embedding-3-small)");
    s.check(
        dimensions > 0,
        "INTAKE_EMBEDDING_DIMENSIONS is required with INTAKE_EMBEDDING_URL (the length of the"
            + " model's vectors, e.g. 384 for all-MiniLM-L6-v2, 1536 for text-embedding-3-small)");
    return new EmbeddingConfig(uri, model, apiKey, dimensions, batch, timeout, concurrency);
  }

  private static URI endpoint(Settings s, String url) {
    String shown = url.length() > 200 ? url.substring(0, 200) + "..." : url;
    try {
      URI uri = new URI(url);
      if (uri.getRawUserInfo() != null) {
        shown = "a URL with a user or password, not shown"; // never echo a credential
      } else {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if ((scheme.equals("http") || scheme.equals("https"))
            && uri.getHost() != null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null) {
          return uri;
        }
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    s.check(
        false,
        "INTAKE_EMBEDDING_URL must be an http:// or https:// URL with a host and no user, query or"
            + " fragment, e.g. http://embeddings:8080 (got "
            + shown
            + "); the key goes in INTAKE_EMBEDDING_API_KEY");
    return null;
  }
}
