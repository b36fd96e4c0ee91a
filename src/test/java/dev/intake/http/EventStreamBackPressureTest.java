package dev.intake.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.engine.JobEvent;
import dev.intake.engine.JobEventBus;
import dev.intake.health.HealthRegistry;
import dev.intake.job.JobState;
import dev.intake.job.Stage;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.supervision.Supervisor;
import dev.intake.testing.TestDatabases;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live events never wait on a client: clients that connect and never read (tiny receive buffers, so
 * the connection fills at once) neither hold up the threads that publish nor make the server buffer
 * without bound. They are dropped, told to reconnect, and cut; the number of streams is capped.
 */
class EventStreamBackPressureTest {
  private static final int MAX_STREAMS = 6;

  @TempDir Path dir;
  private Database db;
  private Supervisor supervisor;
  private JobEventBus bus;
  private EventStream events;
  private Javalin app;

  @BeforeEach
  void start() {
    db = TestDatabases.sqlite(dir);
    supervisor =
        new Supervisor(
            new HealthRegistry(Clock.systemUTC()),
            Clock.systemUTC(),
            Supervisor.Settings.defaults(),
            t -> {});
    bus = new JobEventBus();
    events =
        new EventStream(
            new JdbcJobReader(db), bus, Duration.ofMillis(100), MAX_STREAMS, supervisor);
    app =
        Javalin.create(cfg -> cfg.useVirtualThreads = true)
            .get("/events", ctx -> ApiServer.stream(ctx, events, null))
            .exception(
                ApiException.class,
                (e, ctx) -> ApiServer.error(ctx, e.status(), e.code(), e.getMessage()))
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    events.close();
    supervisor.close();
    db.close();
  }

  @Test
  void clientsThatNeverReadHoldUpNoPublisherAndAreDropped() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      stalled.add(stalledClient());
    }
    awaitOpenStreams(4);
    long heapBefore = usedHeapAfterGc();
    // Far more than the sockets' buffers hold: without bounds, publishing blocks on the first
    // full connection (or the server buffers every event for every client). Paced, so that the
    // senders fill the connections before they fall behind.
    int published = 50_000;
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int i = 0; i < published; i++) {
            bus.publish(event("job-" + i, i));
            if (i % 50 == 0) {
              Thread.sleep(5);
            }
          }
        },
        "publishing waited on clients that do not read");
    assertTrue(
        events.bufferedEvents() <= 4 * (EventStream.SUBSCRIBER_BUFFER + 1),
        "buffered " + events.bufferedEvents() + " events for 4 clients");
    long grown = usedHeapAfterGc() - heapBefore;
    assertTrue(
        grown < 16L * 1024 * 1024,
        "heap grew by " + grown / 1024 + " KB while publishing to clients that do not read");
    // Dropped clients that never take their final event are cut after a grace, and their places
    // freed: sooner than any idle time-out of the connection would.
    awaitOpenStreams(0, EventStream.DROP_GRACE.plusSeconds(5));
    for (Socket s : stalled) {
      s.close();
    }
  }

  @Test
  void aClientThatFellBehindIsToldToReconnect() throws Exception {
    try (Socket slow = stalledClient()) {
      awaitOpenStreams(1);
      for (int i = 0; i < 5_000; i++) {
        bus.publish(event("job-" + i, i));
      }
      // Now it reads: what was already on its way, then the final event, then the end.
      String text = readStream(slow.getInputStream(), Duration.ofSeconds(30));
      assertTrue(
          text.contains("event: reconnect\n"),
          "no reconnect event; the stream ended with:\n"
              + text.substring(Math.max(0, text.length() - 500)));
      assertTrue(text.indexOf("event: reconnect") > text.lastIndexOf("event: job"));
    }
    awaitOpenStreams(0);
  }

  @Test
  void streamsBeyondTheCapAreRefusedWith503() throws Exception {
    List<Socket> open = new ArrayList<>();
    for (int i = 0; i < MAX_STREAMS; i++) {
      open.add(stalledClient());
    }
    awaitOpenStreams(MAX_STREAMS);
    HttpResponse<String> refused = get();
    assertEquals(503, refused.statusCode());
    assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
    JsonNode error = new ObjectMapper().readTree(refused.body()).path("error");
    assertEquals("too_many_streams", error.path("code").asText(), refused.body());
    assertTrue(error.path("message").asText().contains("INTAKE_MAX_EVENT_STREAMS"));
    // A closed stream gives its place back (found by the next keep-alive or event it cannot take).
    open.remove(0).close();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (events.openStreams() >= MAX_STREAMS && System.nanoTime() < deadline) {
      bus.publish(event("probe-" + System.nanoTime(), 1));
      Thread.sleep(50);
    }
    try (Socket again = stalledClient()) {
      awaitOpenStreams(MAX_STREAMS);
    }
    for (Socket s : open) {
      s.close();
    }
  }

  private static JobEvent event(String jobId, int i) {
    return new JobEvent(
        jobId,
        JobState.PROCESSING,
        Stage.EMBEDDING,
        i % 100,
        "Embedding chunk " + i + " of a document with a long enough message to take some room",
        Instant.now());
  }

  /**
   * Connects and asks for the stream, with a receive buffer too small for more than a few events.
   */
  private Socket stalledClient() throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(1024);
    s.connect(new InetSocketAddress("127.0.0.1", app.port()));
    s.getOutputStream()
        .write(
            ("GET /events HTTP/1.1\r\nHost: 127.0.0.1:"
                    + app.port()
                    + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private HttpResponse<String> get() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/events"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private void awaitOpenStreams(int n) throws InterruptedException {
    awaitOpenStreams(n, Duration.ofSeconds(30));
  }

  private void awaitOpenStreams(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.openStreams() != n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("open streams: " + events.openStreams() + ", expected " + n);
      }
      Thread.sleep(20);
    }
  }

  /** The raw response up to the end of its chunked body (the connection itself stays open). */
  private static String readStream(InputStream in, Duration timeout) throws IOException {
    StringBuilder b = new StringBuilder();
    byte[] buf = new byte[8192];
    long deadline = System.nanoTime() + timeout.toNanos();
    int n;
    while (System.nanoTime() < deadline && (n = in.read(buf)) != -1) {
      b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      if (b.indexOf("\r\n0\r\n\r\n") >= 0) {
        break;
      }
    }
    return b.toString();
  }

  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
