package dev.intake.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Intake HTTP API (API.md) as Java methods, one per endpoint. Bodies come back as Jackson trees
 * so {@code --json} can print exactly what the server said. Every failure is a {@link
 * ClientException} with a message fit for the terminal.
 */
public final class IntakeClient {
  private static final String BASE = "/api/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The optional form fields of an upload; null means "server default". */
  public record UploadOptions(
      String priority, boolean force, Integer chunkSize, Integer chunkOverlap) {}

  private final HttpClient http;
  private final String url;
  private final String apiKey;

  /**
   * @param url the server, e.g. {@code http://127.0.0.1:8080} (a trailing {@code /api/v1} is
   *     accepted too)
   * @param apiKey sent as a bearer token; null or blank for none
   */
  public IntakeClient(String url, String apiKey) {
    this.url = normalize(url);
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    // HTTP/1.1: the default h2c upgrade attempt buys nothing against Jetty and complicates uploads.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public String url() {
    return url;
  }

  public JsonNode upload(Path file, UploadOptions options) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (options.priority() != null) {
      fields.put("priority", options.priority());
    }
    if (options.chunkSize() != null) {
      fields.put("chunk_size", options.chunkSize().toString());
    }
    if (options.chunkOverlap() != null) {
      fields.put("chunk_overlap", options.chunkOverlap().toString());
    }
    if (options.force()) {
      fields.put("force", "true");
    }
    Multipart multipart = new Multipart();
    HttpRequest.BodyPublisher body;
    try {
      body = multipart.body(fields, "file", file);
    } catch (FileNotFoundException e) {
      throw new ClientException("cannot read " + file + ": no such file", ExitCodes.USAGE);
    }
    // No timeout: a large upload over a slow link may rightly take long.
    return send(
        HttpRequest.newBuilder(uri(BASE + "/documents/upload"))
            .header("Content-Type", multipart.contentType())
            .POST(body));
  }

  public JsonNode ingestDirectory(String directory, List<String> patterns, boolean recursive) {
    ObjectNode body = JSON.createObjectNode();
    body.put("directory_path", directory);
    patterns.forEach(body.putArray("file_patterns")::add);
    body.put("recursive", recursive);
    return post(BASE + "/documents/ingest-directory", body);
  }

  public JsonNode job(String jobId) {
    return get(BASE + "/jobs/" + segment(jobId));
  }

  public JsonNode jobs(String status, String taskType, Integer limit, Integer offset) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    param(query, "status", status);
    param(query, "task_type", taskType);
    param(query, "limit", limit == null ? null : limit.toString());
    param(query, "offset", offset == null ? null : offset.toString());
    return get(BASE + "/jobs" + query);
  }

  public JsonNode cancel(String jobId) {
    return post(BASE + "/jobs/" + segment(jobId) + "/cancel", null);
  }

  public JsonNode retry(String jobId) {
    return post(BASE + "/jobs/" + segment(jobId) + "/retry", null);
  }

  public JsonNode cleanup(int daysOld) {
    return send(request(BASE + "/jobs/cleanup?days_old=" + daysOld).DELETE());
  }

  public JsonNode statistics() {
    return get(BASE + "/jobs/statistics");
  }

  public JsonNode workers() {
    return get(BASE + "/workers");
  }

  public JsonNode search(String query, int topK, List<String> documentIds) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.put("top_k", topK);
    if (!documentIds.isEmpty()) {
      documentIds.forEach(body.putArray("document_ids")::add);
    }
    return post(BASE + "/search", body);
  }

  private JsonNode get(String path) {
    return send(request(path).GET());
  }

  private JsonNode post(String path, JsonNode body) {
    try {
      return send(
          request(path)
              .header("Content-Type", "application/json")
              .POST(
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree we built ourselves always serializes
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
  }

  private URI uri(String path) {
    return URI.create(url + path);
  }

  private JsonNode send(HttpRequest.Builder builder) {
    builder.header("Accept", "application/json");
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new ClientException(
          "cannot reach the Intake server at " + url + ": is it running? (set INTAKE_URL)",
          ExitCodes.UNREACHABLE);
    } catch (IOException e) {
      throw new ClientException(
          "lost the connection to the Intake server at " + url + ": " + e.getMessage(),
          ExitCodes.UNREACHABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", ExitCodes.FAILED);
    }
    return answer(response.statusCode(), response.body());
  }

  /** The body of a 2xx answer, or the server's error as an {@link ApiError}. */
  JsonNode answer(int status, String body) {
    JsonNode json = parse(body);
    if (status >= 200 && status < 300) {
      if (json == null) {
        throw new ClientException(
            "the server at " + url + " did not answer with JSON: is it an Intake server?",
            ExitCodes.FAILED);
      }
      return json;
    }
    String code = json == null ? "" : json.path("error").path("code").asText("");
    String message = json == null ? "" : json.path("error").path("message").asText("");
    if (status == 401) {
      throw new ApiError(
          status,
          code,
          apiKey == null
              ? "the server needs an API key: set INTAKE_API_KEY"
              : "the server refused the API key: check INTAKE_API_KEY or --api-key");
    }
    if (message.isBlank()) {
      message = "the server at " + url + " answered HTTP " + status;
    }
    throw new ApiError(status, code, message);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Accepts what people paste: trailing slashes and the API base path are dropped. */
  static String normalize(String url) {
    String u = url == null ? "" : url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (u.endsWith(BASE)) {
      u = u.substring(0, u.length() - BASE.length());
    }
    URI parsed;
    try {
      parsed = URI.create(u);
    } catch (IllegalArgumentException e) {
      parsed = null;
    }
    if (parsed == null
        || parsed.getHost() == null
        || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
      throw new ClientException(
          "invalid server URL '" + url + "': expected e.g. http://127.0.0.1:8080", ExitCodes.USAGE);
    }
    return u;
  }

  private static void param(StringJoiner query, String name, String value) {
    if (value != null && !value.isBlank()) {
      query.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
    }
  }

  private static String segment(String id) {
    return URLEncoder.encode(id.strip(), StandardCharsets.UTF_8).replace("+", "%20");
  }
}
