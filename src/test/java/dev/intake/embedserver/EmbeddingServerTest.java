package dev.intake.embedserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.pipeline.embed.OpenAiCompatibleEmbeddingModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedding server against the protocol's client (the one Intake's workers use) and raw
 * requests: the same vectors as the in-process model, OpenAI's answer and error shapes, the key.
 */
class EmbeddingServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "embed-key";
  private static final List<String> TEXTS =
      List.of(
          "The harbour lease runs for ninety-nine years.",
          "Quarterly revenue rose eight percent on strong exports.",
          "A sonata for violin and piano in D minor.");

  private static MiniLmEmbeddingModel model;
  private static EmbeddingServer server;
  private static EmbeddingServer open;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    model = new MiniLmEmbeddingModel(2);
    server = new EmbeddingServer(model, new EmbeddingServer.Settings("127.0.0.1", 0, KEY, 4));
    open = new EmbeddingServer(model, new EmbeddingServer.Settings("127.0.0.1", 0, null, 4));
  }

  @AfterAll
  static void stop() {
    server.close();
    open.close();
    model.close();
  }

  private static URI base(EmbeddingServer s) {
    return URI.create("http://127.0.0.1:" + s.port());
  }

  private HttpResponse<String> post(EmbeddingServer s, String body, String key) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base(s).resolve("/v1/embeddings"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theRemoteClientGetsTheInProcessModelsVectors() {
    var settings =
        new OpenAiCompatibleEmbeddingModel.Settings(
            base(server), MiniLmEmbeddingModel.NAME, KEY, MiniLmEmbeddingModel.DIMENSIONS);
    try (var remote = new OpenAiCompatibleEmbeddingModel(settings)) {
      List<float[]> got = remote.embed(TEXTS);
      List<float[]> want = model.embed(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(got.get(i)).containsExactly(want.get(i), within(1e-6f));
      }
      assertThat(remote.embedQuery(TEXTS.get(0)))
          .containsExactly(model.embedQuery(TEXTS.get(0)), within(1e-6f));
      assertThat(remote.probeDimensions()).isEqualTo(384);
    }
  }

  @Test
  void answersInOpenAisShapeWithUsageAndBase64OnRequest() throws Exception {
    HttpResponse<String> r =
        post(open, "{\"model\":\"all-minilm-l6-v2-q\",\"input\":\"" + TEXTS.get(1) + "\"}", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("object").asText()).isEqualTo("list");
    assertThat(body.path("model").asText()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(body.at("/data/0/object").asText()).isEqualTo("embedding");
    assertThat(body.at("/data/0/index").asInt()).isZero();
    assertThat(body.at("/data/0/embedding").size()).isEqualTo(384);
    int tokens = model.tokenizer().countTokens(TEXTS.get(1));
    assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(tokens);
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(tokens);

    HttpResponse<String> b64 =
        post(
            open,
            "{\"model\":\"all-minilm-l6-v2-q\",\"input\":[\""
                + TEXTS.get(1)
                + "\"],\"encoding_format\":\"base64\"}",
            null);
    byte[] raw =
        Base64.getDecoder().decode(JSON.readTree(b64.body()).at("/data/0/embedding").asText());
    float[] decoded = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
    float[] fromJson = new float[384];
    for (int d = 0; d < 384; d++) {
      fromJson[d] = body.at("/data/0/embedding").get(d).floatValue();
    }
    assertThat(decoded).containsExactly(fromJson);
  }

  @Test
  void refusesWhatItCannotAnswerInOpenAisErrorShape() throws Exception {
    assertError(
        post(open, "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}", null),
        404,
        "model_not_found",
        "serves 'all-minilm-l6-v2-q'");
    assertError(
        post(open, "{\"model\":\"all-minilm-l6-v2-q\",\"input\":[[101, 2023]]}", null),
        400,
        null,
        "token arrays");
    assertError(
        post(open, "{\"model\":\"all-minilm-l6-v2-q\",\"input\":[]}", null),
        400,
        null,
        "non-empty list");
    assertError(
        post(open, "{\"model\":\"all-minilm-l6-v2-q\",\"input\":[\"a\",\"\"]}", null),
        400,
        null,
        "'input[1]' is empty");
    assertError(
        post(open, "{\"model\":\"all-minilm-l6-v2-q\",\"input\":\"x\",\"dimensions\":256}", null),
        400,
        null,
        "384-dimensional");
    assertError(
        post(
            open,
            "{\"model\":\"all-minilm-l6-v2-q\",\"input\":\"x\",\"encoding_format\":\"int8\"}",
            null),
        400,
        null,
        "float or base64");
    assertError(post(open, "{\"input\":\"x\"}", null), 400, null, "'model' is required");
    assertError(post(open, "{not json", null), 400, null, "not valid JSON");
    HttpResponse<String> text =
        http.send(
            HttpRequest.newBuilder(base(open).resolve("/v1/embeddings"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertError(text, 415, "unsupported_media_type", "application/json");
  }

  @Test
  void withAKeyEveryRequestNeedsIt() throws Exception {
    String body = "{\"model\":\"all-minilm-l6-v2-q\",\"input\":\"x\"}";
    assertError(post(server, body, null), 401, "invalid_api_key", "API key");
    assertError(post(server, body, "wrong"), 401, "invalid_api_key", "API key");
    assertThat(post(server, body, KEY).statusCode()).isEqualTo(200);
    HttpResponse<String> models =
        http.send(
            HttpRequest.newBuilder(base(server).resolve("/v1/models"))
                .header("Authorization", "Bearer " + KEY)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(models.body()).at("/data/0/id").asText())
        .isEqualTo("all-minilm-l6-v2-q");
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String words)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("message").asText()).contains(words);
    assertThat(error.path("type").asText()).isNotBlank();
    if (code != null) {
      assertThat(error.path("code").asText()).isEqualTo(code);
    }
  }
}
