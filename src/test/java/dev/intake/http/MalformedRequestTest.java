package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.RawHttp;
import dev.intake.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests no well-behaved client sends, over a raw socket to a real server: each answers with a
 * 4xx that says what is wrong (never a 500, never a parser's internals), and leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {
  private static final String JSON = "Content-Type: application/json";

  @TempDir static Path tmp;
  IntakeNode node;
  RawHttp raw;
  ApiClient api;
  Path allowed;
  String documentId;

  @BeforeAll
  void start() throws Exception {
    allowed = Files.createDirectories(tmp.resolve("allowed"));
    Map<String, String> vars = TestNode.defaults(tmp.resolve("data"));
    vars.put("INTAKE_ALLOWED_DIRS", allowed.toString());
    node = TestNode.serve(vars);
    raw = new RawHttp(node.port());
    api = new ApiClient(node.port());
    ApiClient.Response up = api.upload("doc.txt", Documents.textBytes(7, 2), Map.of());
    assertThat(up.status()).isEqualTo(202);
    documentId =
        api.awaitFinished(up.body().path("job_id").asText(), Duration.ofMinutes(2))
            .path("document_id")
            .asText();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private List<String> jsonPaths() {
    return List.of(
        "/api/v1/search",
        "/api/v1/documents/ingest-directory",
        "/api/v1/documents/" + documentId + "/reprocess");
  }

  private RawHttp.Response postJson(String path, String body) {
    return raw.send("POST", path, List.of(JSON), body.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertClientError(RawHttp.Response r, int status, String code) {
    assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
    assertThat(r.errorCode()).as("%s", r.body()).isEqualTo(code);
    assertThat(r.errorMessage())
        .as("a message for a person, not the parser's internals")
        .isNotBlank()
        .doesNotContain("Exception", "com.fasterxml", "jackson", "jetty", "StreamReadConstraints")
        .doesNotContain("\n");
  }

  @Test
  void malformedAndOverDeeplyNestedJsonBodiesAreBadRequests() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String deepObject = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
    for (String path : jsonPaths()) {
      for (String body :
          List.of("{bad", "{\"query\": \"x\"", deep, deepObject, "{} {}", "[1]", "   ", "nul")) {
        assertClientError(postJson(path, body), 400, "bad_request");
      }
    }
  }

  @Test
  void emptyBodiesAreBadRequestsWhereABodyIsRequired() {
    for (String path : jsonPaths().subList(0, 2)) {
      assertClientError(postJson(path, ""), 400, "bad_request");
      assertClientError(raw.send("POST", path, List.of()), 400, "bad_request");
    }
  }

  @Test
  void aTwoMegabyteJsonBodyIsTooLarge() {
    String big = "{\"query\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}";
    for (String path : jsonPaths()) {
      assertClientError(postJson(path, big), 413, "request_too_large");
    }
    // Without a Content-Length (chunked), the limit holds while reading.
    byte[] head =
        ("POST /api/v1/search HTTP/1.1\r\nHost: "
                + raw.host()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head);
    byte[] data = big.getBytes(StandardCharsets.UTF_8);
    request.writeBytes(
        (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
    request.writeBytes(data);
    request.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    assertClientError(raw.exchange(request.toByteArray()), 413, "request_too_large");
  }

  @Test
  void jsonEndpointsNeedAJsonContentType() {
    for (String path : jsonPaths()) {
      RawHttp.Response r =
          raw.send(
              "POST",
              path,
              List.of("Content-Type: text/plain"),
              "{\"query\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      assertClientError(r, 415, "unsupported_media_type");
    }
    assertClientError(
        raw.send(
            "POST",
            "/api/v1/search",
            List.of(),
            "{\"query\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
        415,
        "unsupported_media_type");
  }

  @Test
  void fieldsOfTheWrongTypeNameTheFieldAndTheValueReceived() {
    String dir = allowed.toString().replace("\\", "\\\\");
    String search = "/api/v1/search";
    String ingest = "/api/v1/documents/ingest-directory";
    String reprocess = "/api/v1/documents/" + documentId + "/reprocess";
    assertNamed(postJson(search, "{\"query\":\"x\",\"top_k\":\"abc\"}"), "top_k", "\"abc\"");
    assertNamed(postJson(search, "{\"query\":\"x\",\"top_k\":5.5}"), "top_k", "5.5");
    assertNamed(postJson(search, "{\"query\":\"x\",\"top_k\":1e12}"), "top_k", "1.0E12");
    assertNamed(postJson(search, "{\"query\":42}"), "query", "42");
    assertNamed(postJson(search, "{\"query\":\"x\",\"document_ids\":[7]}"), "document_ids[0]", "7");
    assertNamed(
        postJson(reprocess, "{\"chunk_size\":1000000000000}"), "chunk_size", "1000000000000");
    assertNamed(postJson(reprocess, "{\"chunk_overlap\":-1}"), "chunk_overlap", "-1");
    assertNamed(
        postJson(ingest, "{\"directory_path\":\"" + dir + "\",\"chunk_size\":1000000000000}"),
        "chunk_size",
        "1000000000000");
    assertNamed(
        postJson(ingest, "{\"directory_path\":\"" + dir + "\",\"recursive\":\"no\"}"),
        "recursive",
        "\"no\"");
    assertNamed(
        postJson(ingest, "{\"directory_path\":\"" + dir + "\",\"file_patterns\":\"*.txt\"}"),
        "file_patterns",
        "\"*.txt\"");
    assertNamed(postJson(ingest, "{\"directory_path\":7}"), "directory_path", "7");
    ApiClient.Response form =
        api.upload("a.txt", "hello".getBytes(), Map.of("chunk_size", "1000000000000"));
    assertThat(form.status()).isEqualTo(400);
    assertThat(form.body().path("error").path("message").asText())
        .contains("chunk_size", "1000000000000");
    ApiClient.Response priority =
        api.upload("a.txt", "hello".getBytes(), Map.of("priority", "urgent"));
    assertThat(priority.body().path("error").path("message").asText())
        .contains("priority", "urgent");
  }

  private static void assertNamed(RawHttp.Response r, String field, String value) {
    assertClientError(r, 400, "bad_request");
    assertThat(r.errorMessage()).startsWith(field + " ").contains("was " + value);
  }

  @Test
  void malformedMultipartBodiesAreBadRequestsAndLeaveNothingBehind() throws Exception {
    long jobsBefore = api.get("/api/v1/jobs").body().path("total").asLong();
    String b = "XyZ";
    byte[] file = RawHttp.part(b, "file", "a.txt", "hello".getBytes(StandardCharsets.UTF_8));
    byte[] end = RawHttp.closing(b);
    ByteArrayOutputStream manyParts = new ByteArrayOutputStream();
    for (int i = 0; i < 1001; i++) {
      manyParts.writeBytes(RawHttp.part(b, "f" + i, null, new byte[] {'x'}));
    }
    manyParts.writeBytes(file);
    manyParts.writeBytes(end);
    byte[] bigField =
        concat(
            RawHttp.part(b, "priority", null, "a".repeat(3 * 1024 * 1024).getBytes()), file, end);
    byte[] nulName =
        concat(RawHttp.part(b, "file", "a\u0000b.txt", "hi".getBytes(StandardCharsets.UTF_8)), end);
    Map<String, byte[]> bodies =
        Map.of(
            "unterminated", java.util.Arrays.copyOf(file, file.length - 2),
            "more than 1,000 parts", manyParts.toByteArray(),
            "a 3 MB form field", bigField,
            "a NUL byte in the file name", nulName,
            "no parts at all", "garbage".getBytes(StandardCharsets.UTF_8));
    String type = "Content-Type: multipart/form-data; boundary=" + b;
    bodies.forEach(
        (name, body) -> {
          RawHttp.Response r = raw.send("POST", "/api/v1/documents/upload", List.of(type), body);
          assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(400);
          assertClientError(r, 400, "bad_request");
        });
    RawHttp.Response noBoundary =
        raw.send(
            "POST",
            "/api/v1/documents/upload",
            List.of("Content-Type: multipart/form-data"),
            concat(file, end));
    assertClientError(noBoundary, 400, "bad_request");
    assertThat(noBoundary.errorMessage()).contains("boundary");
    assertThat(api.get("/api/v1/jobs").body().path("total").asLong()).isEqualTo(jobsBefore);
    assertThat(filesIn(tmp.resolve("data/tmp"))).as("temporary files of the parser").isEmpty();
  }

  @Test
  void uploadsMustBeMultipart() {
    RawHttp.Response r =
        raw.send(
            "POST",
            "/api/v1/documents/upload",
            List.of(JSON),
            "{\"file\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    assertClientError(r, 415, "unsupported_media_type");
  }

  @Test
  void fileNamesLoseControlAndBidiCharactersAndKeepSurrogatePairsWhole() {
    assertThat(storedName("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
    assertThat(storedName("\u2066a\u2069b\u200F.txt")).isEqualTo("ab.txt");
    assertThat(storedName("x\u0085y\u2028z.txt")).isEqualTo("xyz.txt");
    assertThat(storedName("../dir/name.md")).isEqualTo("name.md");
    String cutInsidePair = "a".repeat(254) + "\uD83D\uDE00" + "tail.txt";
    assertThat(storedName(cutInsidePair)).isEqualTo("a".repeat(254));
    String keptPair = "a".repeat(253) + "\uD83D\uDE00" + "tail.txt";
    assertThat(storedName(keptPair)).isEqualTo("a".repeat(253) + "\uD83D\uDE00");
  }

  private static int seed = 1000;

  /** Uploads new content under {@code filename} and returns the name the document got. */
  private String storedName(String filename) {
    String b = "----nm" + seed;
    byte[] body =
        concat(
            RawHttp.part(b, "file", filename, Documents.textBytes(seed++, 1)), RawHttp.closing(b));
    RawHttp.Response r =
        raw.send(
            "POST",
            "/api/v1/documents/upload",
            List.of("Content-Type: multipart/form-data; boundary=" + b),
            body);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String id = r.json().path("document_id").asText();
    return api.get("/api/v1/documents/" + id).body().path("filename").asText();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static List<Path> filesIn(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
