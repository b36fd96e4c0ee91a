package dev.intake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A small real HTTP client for tests and benchmarks: JSON in, JSON out, multipart uploads. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status code and parsed JSON body (null if not JSON). */
  public record Response(int status, JsonNode body) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String apiKey;

  public ApiClient(String base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
  }

  public ApiClient(int port) {
    this("http://127.0.0.1:" + port, null);
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response delete(String path) {
    return send(request(path).DELETE().build());
  }

  /** The raw text of a GET (for non-JSON endpoints such as /metrics). */
  public String getText(String path) {
    try {
      return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String base() {
    return base;
  }

  public Response post(String path, Object json) {
    try {
      return send(
          request(path)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response upload(Path file, Map<String, String> fields) {
    try {
      return upload(file.getFileName().toString(), Files.readAllBytes(file), fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response upload(String filename, byte[] content, Map<String, String> fields) {
    String boundary = "----intake" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      for (Map.Entry<String, String> f : fields.entrySet()) {
        body.write(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + f.getKey()
                    + "\"\r\n\r\n"
                    + f.getValue()
                    + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + filename
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.write(content);
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return send(
        request("/api/v1/documents/upload")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build());
  }

  /** Polls a job until it is completed, failed or cancelled, or throws after {@code timeout}. */
  public JsonNode awaitFinished(String jobId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode job = get("/api/v1/jobs/" + jobId).body();
      String status = job.path("status").asText();
      if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "job " + jobId + " still " + status + " after " + timeout + ": " + job);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return b;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body = null;
      try {
        body = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException notJson) {
        body = null;
      }
      return new Response(r.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
