package dev.intake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Reads a server-sent-event stream in the background and collects its {@code job} events. */
public final class SseReader implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final int status;
  private final String contentType;
  private volatile InputStream body;

  public SseReader(String url, String apiKey) {
    this(url, apiKey, "text/event-stream");
  }

  /** With {@code accept} null no Accept header is sent, as plain HTTP clients do. */
  public SseReader(String url, String apiKey, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    try {
      HttpResponse<InputStream> r =
          HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      status = r.statusCode();
      contentType = r.headers().firstValue("Content-Type").orElse("");
      body = r.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    thread = Thread.ofPlatform().daemon().start(this::read);
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String event = null;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:") && "job".equals(event)) {
          events.add(JSON.readTree(line.substring(5).trim()));
        } else if (line.isEmpty()) {
          event = null;
        }
      }
    } catch (IOException e) {
      // stream closed
    }
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public List<JsonNode> events() {
    return List.copyOf(events);
  }

  /** Waits until an event matching {@code p} has arrived. */
  public JsonNode await(Predicate<JsonNode> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode e : events) {
        if (p.test(e)) {
          return e;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no matching event within " + timeout + "; got " + events);
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // closing anyway
    }
    thread.interrupt();
  }
}
