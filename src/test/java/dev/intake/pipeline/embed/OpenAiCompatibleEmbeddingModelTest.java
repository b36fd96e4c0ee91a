package dev.intake.pipeline.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.embed.OpenAiCompatibleEmbeddingModel.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleEmbeddingModelTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the fake server does with one request. */
  private interface Handler {
    void handle(HttpExchange exchange, JsonNode request) throws IOException;
  }

  private record Received(String method, String path, String authorization, JsonNode body) {}

  private HttpServer server;
  private final java.util.concurrent.ExecutorService handlers = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Handler handler = OpenAiCompatibleEmbeddingModelTest::embeddings;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? null : JSON.readTree(bytes);
            received.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            handler.handle(exchange, body);
          }
        });
    server.setExecutor(handlers); // requests are handled concurrently
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private OpenAiCompatibleEmbeddingModel model(String apiKey, int dimensions, int batch) {
    Settings settings =
        new Settings(baseUrl(), "test-embed", apiKey, dimensions, Duration.ofSeconds(5), batch);
    return new OpenAiCompatibleEmbeddingModel(settings, text -> text.length());
  }

  /**
   * Answers like OpenAI, but with the items in reverse order and vectors that are not unit length:
   * for input i, the vector is (i + 1, 2 (i + 1), 0, ...).
   */
  private static void embeddings(HttpExchange exchange, JsonNode request) throws IOException {
    int dimensions = 4;
    ObjectNode response = JSON.createObjectNode();
    ArrayNode data = response.putArray("data");
    for (int i = request.get("input").size() - 1; i >= 0; i--) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      ArrayNode vector = item.putArray("embedding");
      for (int d = 0; d < dimensions; d++) {
        vector.add(d == 0 ? i + 1 : d == 1 ? 2 * (i + 1) : 0);
      }
    }
    response.put("model", "test-embed");
    send(exchange, 200, JSON.writeValueAsString(response));
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void answer(int status, String body) {
    handler = (exchange, request) -> send(exchange, status, body);
  }

  private static void assertFailure(ThrowingCallable call, IngestException.Kind kind, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.code()).isEqualTo(code);
            });
  }

  @Test
  void postsTheTextsAndReturnsUnitVectorsInInputOrder() {
    try (OpenAiCompatibleEmbeddingModel model = model("secret-key", 4, 64)) {
      List<float[]> vectors = model.embed(List.of("first", "second", "third"));

      assertThat(received).hasSize(1);
      Received request = received.get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/v1/embeddings");
      assertThat(request.authorization()).isEqualTo("Bearer secret-key");
      assertThat(request.body().get("model").asText()).isEqualTo("test-embed");
      assertThat(request.body().get("input"))
          .extracting(JsonNode::asText)
          .containsExactly("first", "second", "third");
      assertThat(request.body().get("encoding_format").asText()).isEqualTo("float");

      assertThat(vectors).hasSize(3);
      float unit = (float) (1 / Math.sqrt(5));
      for (float[] vector : vectors) {
        assertThat(vector).containsExactly(new float[] {unit, 2 * unit, 0, 0}, within(1e-6f));
      }
    }
  }

  @Test
  void keepsOrderByIndexEvenWhenTheServerShufflesIt() {
    handler =
        (exchange, request) -> {
          // Vector for input i points along axis i, items listed in reverse.
          ObjectNode response = JSON.createObjectNode();
          ArrayNode data = response.putArray("data");
          int n = request.get("input").size();
          for (int i = n - 1; i >= 0; i--) {
            ArrayNode vector = data.addObject().put("index", i).putArray("embedding");
            IntStream.range(0, n).forEach(d -> vector.add(0.5));
            vector.set(i, JSON.getNodeFactory().numberNode(10.0));
          }
          send(exchange, 200, JSON.writeValueAsString(response));
        };
    try (OpenAiCompatibleEmbeddingModel model = model(null, 3, 64)) {
      List<float[]> vectors = model.embed(List.of("a", "b", "c"));

      for (int i = 0; i < 3; i++) {
        float[] vector = vectors.get(i);
        int largest = 0;
        for (int d = 1; d < 3; d++) {
          largest = vector[d] > vector[largest] ? d : largest;
        }
        assertThat(largest).as("vector %d", i).isEqualTo(i);
      }
      assertThat(received.get(0).authorization()).isNull();
    }
  }

  @Test
  void appendsOnlyEmbeddingsToABaseUrlEndingInV1() {
    assertThat(OpenAiCompatibleEmbeddingModel.endpoint(URI.create("https://api.openai.com/v1/")))
        .isEqualTo(URI.create("https://api.openai.com/v1/embeddings"));
    assertThat(OpenAiCompatibleEmbeddingModel.endpoint(URI.create("http://localhost:8000")))
        .isEqualTo(URI.create("http://localhost:8000/v1/embeddings"));
    Settings settings = new Settings(URI.create(baseUrl() + "/v1"), "m", null, 4);
    try (var model = new OpenAiCompatibleEmbeddingModel(settings, String::length)) {
      model.embed(List.of("x"));
    }
    assertThat(received.get(0).path()).isEqualTo("/v1/embeddings");
  }

  @Test
  void sendsLargeInputsInSeveralRequests() {
    List<String> texts = IntStream.range(0, 7).mapToObj(i -> "text " + i).toList();
    try (OpenAiCompatibleEmbeddingModel model = model(null, 4, 3)) {
      List<float[]> vectors = model.embed(texts);

      assertThat(received).extracting(r -> r.body().get("input").size()).containsExactly(3, 3, 1);
      assertThat(vectors).hasSize(7);
    }
  }

  @Test
  void emptyListMakesNoRequest() {
    try (OpenAiCompatibleEmbeddingModel model = model(null, 4, 64)) {
      assertThat(model.embed(List.of())).isEmpty();
    }
    assertThat(received).isEmpty();
  }

  @Test
  void anEndpointThatIsNotReadyOrThrottlesIsUnavailableUntilItAnswersAgain() {
    try (OpenAiCompatibleEmbeddingModel model = model(null, 4, 64)) {
      assertThat(model.status().available()).isTrue();
      for (int status : new int[] {502, 503, 504, 429}) {
        answer(status, "{\"error\":{\"message\":\"try later\"}}");
        assertFailure(
            () -> model.embed(List.of("x")),
            IngestException.Kind.TRANSIENT,
            "embedding_unavailable");
        assertThatThrownBy(() -> model.embed(List.of("x")))
            .matches(OpenAiCompatibleEmbeddingModel::isUnavailable);
        assertThat(model.status().available()).isFalse();
        assertThat(model.status().reason()).contains("HTTP " + status).contains("try later");
      }
      handler = OpenAiCompatibleEmbeddingModelTest::embeddings;
      model.embed(List.of("x"));
      assertThat(model.status().available()).isTrue();
      assertThat(model.status().reason()).isNull();
    }
  }

  @Test
  void serverErrorsAreTransientFailuresOfTheRequestNotOfTheEndpoint() {
    try (OpenAiCompatibleEmbeddingModel model = model(null, 4, 64)) {
      for (int status : new int[] {500, 501, 408}) {
        answer(status, "{\"error\":{\"message\":\"boom\"}}");
        assertFailure(
            () -> model.embed(List.of("x")), IngestException.Kind.TRANSIENT, "embedding_failed");
        assertThatThrownBy(() -> model.embed(List.of("x")))
            .matches(e -> !OpenAiCompatibleEmbeddingModel.isUnavailable(e));
        assertThat(model.status().available()).as("it answered").isTrue();
      }
    }
  }

  @Test
  void aConnectionThatBreaksOnceIsSentAgainAndTwiceBlamesTheRequest() {
    AtomicInteger requests = new AtomicInteger();
    // A handler that throws closes the connection without an answer.
    handler =
        (exchange, request) -> {
          if (requests.incrementAndGet() == 1) {
            throw new IOException("dropped");
          }
          embeddings(exchange, request);
        };
    try (OpenAiCompatibleEmbeddingModel model = model(null, 4, 64)) {
      assertThat(model.embed(List.of("x"))).hasSize(1);
      assertThat(requests.get()).isEqualTo(2);

      handler =
          (exchange, request) -> {
            throw new IOException("dropped");
          };
      assertFailure(
          () -> model.embed(List.of("x")), IngestException.Kind.TRANSIENT, "embedding_failed");
      assertThat(model.status().available()).as("it took the request").isTrue();
    }
  }

  @Test
  void atMostTheConfiguredNumberOfRequestsAreInFlightButAQueryDoesNotWait() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch twoIn = new CountDownLatch(2);
    CountDownLatch open = new CountDownLatch(1);
    handler =
        (exchange, request) -> {
          boolean query = request.get("input").get(0).asText().equals("query");
          if (!query) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            twoIn.countDown();
            try {
              open.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
          }
          embeddings(exchange, request);
        };
    Settings settings =
        new Settings(baseUrl(), "test-embed", null, 4, Duration.ofSeconds(20), 64, 2);
    try (var model = new OpenAiCompatibleEmbeddingModel(settings, String::length);
        var callers = Executors.newFixedThreadPool(4)) {
      List<Future<List<float[]>>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(callers.submit(() -> model.embed(List.of("chunk"))));
      }
      assertThat(twoIn.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(model.embedQuery("query")).hasSize(4); // while two chunk requests hold the limit
      open.countDown();
      for (var call : calls) {
        assertThat(call.get(20, TimeUnit.SECONDS)).hasSize(1);
      }
    }
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void theStartUpProbeReportsTheLengthTheEndpointReturns() {
    try (OpenAiCompatibleEmbeddingModel model = model(null, 768, 64)) {
      assertThat(model.probeDimensions()).isEqualTo(4);
    }
  }

  @Test
  void clientErrorsArePermanentAndQuoteTheServer() {
    answer(400, "{\"error\":{\"message\":\"input too long\",\"type\":\"invalid_request_error\"}}");
    try (OpenAiCompatibleEmbeddingModel model = model(null, 4, 64)) {
      assertThatThrownBy(() -> model.embed(List.of("x")))
          .isInstanceOfSatisfying(
              IngestException.class,
              e -> {
                assertThat(e.isPermanent()).isTrue();
                assertThat(e.code()).isEqualTo("embedding_rejected");
                assertThat(e.getMessage())
                    .isEqualTo(
                        "The embedding service at 127.0.0.1 answered HTTP 400: input too long");
              });
      answer(401, "<html>Unauthorized</html>");
      assertFailure(
          () -> model.embed(List.of("x")), IngestException.Kind.PERMANENT, "embedding_rejected");
      answer(404, "");
      assertFailure(
          () -> model.embed(List.of("x")), IngestException.Kind.PERMANENT, "embedding_rejected");
    }
  }

  @Test
  void aSlowServerIsATransientTimeout() {
    handler =
        (exchange, request) -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Settings settings = new Settings(baseUrl(), "m", null, 4, Duration.ofMillis(300), 64);
    try (var model = new OpenAiCompatibleEmbeddingModel(settings, String::length)) {
      assertFailure(
          () -> model.embed(List.of("x")), IngestException.Kind.TRANSIENT, "embedding_timeout");
    }
  }

  @Test
  void anUnreachableServerIsTransient() {
    URI closed = baseUrl();
    server.stop(0);
    Settings settings = new Settings(closed, "m", null, 4, Duration.ofSeconds(2), 64);
    try (var model = new OpenAiCompatibleEmbeddingModel(settings, String::length)) {
      assertFailure(
          () -> model.embed(List.of("x")), IngestException.Kind.TRANSIENT, "embedding_unavailable");
      assertThat(model.status().available()).isFalse();
      assertThat(model.status().reason())
          .isEqualTo("Could not connect to the embedding service at 127.0.0.1");
    }
  }

  @Test
  void unusableAnswersArePermanent() {
    try (OpenAiCompatibleEmbeddingModel model = model(null, 5, 64)) {
      // The server returns 4 dimensions; 5 are configured.
      assertFailure(
          () -> model.embed(List.of("x")),
          IngestException.Kind.PERMANENT,
          "embedding_bad_response");
      answer(200, "{\"data\":[]}");
      assertFailure(
          () -> model.embed(List.of("x")),
          IngestException.Kind.PERMANENT,
          "embedding_bad_response");
      answer(200, "not json");
      assertFailure(
          () -> model.embed(List.of("x")),
          IngestException.Kind.PERMANENT,
          "embedding_bad_response");
      answer(200, "{\"data\":[{\"index\":0,\"embedding\":\"AAAA\"}]}");
      assertFailure(
          () -> model.embed(List.of("x")),
          IngestException.Kind.PERMANENT,
          "embedding_bad_response");
    }
  }

  @Test
  void keepsTheApiKeyOutOfToString() {
    Settings settings = new Settings(baseUrl(), "m", "sk-very-secret", 4);

    assertThat(settings.toString()).doesNotContain("sk-very-secret").contains("apiKey=***");
  }

  @Test
  void validatesSettings() {
    assertThatThrownBy(() -> new Settings(URI.create("ftp://x"), "m", null, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(baseUrl(), " ", null, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(baseUrl(), "m", null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizesChunksWithMiniLmsTokenizerByDefault() {
    try (var model = new OpenAiCompatibleEmbeddingModel(new Settings(baseUrl(), "m", null, 4))) {
      assertThat(model.tokenizer().countTokens("Hello, world!")).isEqualTo(4);
      assertThat(model.name()).isEqualTo("m");
      assertThat(model.dimensions()).isEqualTo(4);
    }
  }
}
