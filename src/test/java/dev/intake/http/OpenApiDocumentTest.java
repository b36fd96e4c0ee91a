package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against API.md (the operations, fields and status codes it fixes) and
 * against the routes a real server registers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
  /**
   * Every operation of API.md, plus the route that serves the document itself and the reads added
   * for the dashboard (a job's history).
   */
  static final Set<String> API_MD_OPERATIONS =
      Set.of(
          "GET /api/v1/jobs/{job_id}/history",
          "POST /api/v1/documents/upload",
          "POST /api/v1/documents/ingest-directory",
          "GET /api/v1/documents",
          "GET /api/v1/documents/{document_id}",
          "GET /api/v1/documents/{document_id}/chunks",
          "DELETE /api/v1/documents/{document_id}",
          "POST /api/v1/documents/{document_id}/reprocess",
          "GET /api/v1/jobs/{job_id}",
          "GET /api/v1/jobs/{job_id}/progress",
          "GET /api/v1/jobs/{job_id}/result",
          "GET /api/v1/jobs",
          "GET /api/v1/jobs/{job_id}/events",
          "GET /api/v1/events",
          "POST /api/v1/jobs/{job_id}/cancel",
          "POST /api/v1/jobs/{job_id}/retry",
          "DELETE /api/v1/jobs/cleanup",
          "GET /api/v1/jobs/statistics",
          "GET /api/v1/workers",
          "POST /api/v1/workers/start",
          "POST /api/v1/workers/stop",
          "GET /api/v1/health",
          "GET /api/v1/health/workers",
          "POST /api/v1/search",
          "GET /metrics",
          "GET /api/v1/openapi.json");

  /** Status codes API.md names for an operation (besides 401, checked for every secured one). */
  static final Map<String, Set<String>> API_MD_STATUSES =
      Map.ofEntries(
          Map.entry("POST /api/v1/documents/upload", Set.of("202", "200", "400", "413", "415")),
          Map.entry("POST /api/v1/documents/ingest-directory", Set.of("202", "400", "403")),
          Map.entry("POST /api/v1/documents/{document_id}/reprocess", Set.of("202", "404")),
          Map.entry("POST /api/v1/jobs/{job_id}/cancel", Set.of("200", "404", "409")),
          Map.entry("POST /api/v1/jobs/{job_id}/retry", Set.of("202", "404", "409")),
          Map.entry("GET /api/v1/jobs/{job_id}/events", Set.of("200")),
          Map.entry("GET /api/v1/events", Set.of("200")),
          Map.entry("DELETE /api/v1/jobs/cleanup", Set.of("200")),
          Map.entry("GET /api/v1/health", Set.of("200")));

  /** Field names API.md fixes, per schema of the document. */
  static final Map<String, List<String>> API_MD_FIELDS =
      Map.ofEntries(
          Map.entry("Error", List.of("error")),
          Map.entry(
              "Job",
              List.of(
                  "job_id",
                  "task_type",
                  "priority",
                  "status",
                  "stage",
                  "progress",
                  "message",
                  "created_at",
                  "started_at",
                  "completed_at",
                  "retry_count",
                  "max_retries",
                  "error_message",
                  "worker_id",
                  "document_id",
                  "parent_job_id",
                  "result",
                  "children",
                  "updated_at")),
          Map.entry(
              "BatchChildren",
              List.of("total", "pending", "processing", "completed", "failed", "cancelled")),
          Map.entry(
              "JobProgress",
              List.of("job_id", "status", "stage", "progress", "message", "updated_at")),
          Map.entry("JobResultResponse", List.of("job_id", "status", "result")),
          Map.entry(
              "SingleDocumentResult",
              List.of(
                  "document_id",
                  "chunk_count",
                  "pages",
                  "characters",
                  "duration_seconds",
                  "resumed_from_chunk")),
          Map.entry(
              "DirectoryBatchResult",
              List.of("total_files", "successful", "failed", "skipped", "documents")),
          Map.entry("JobList", List.of("jobs", "total")),
          Map.entry(
              "Document",
              List.of(
                  "document_id",
                  "filename",
                  "content_type",
                  "size_bytes",
                  "sha256",
                  "status",
                  "pages",
                  "chunk_count",
                  "created_at",
                  "updated_at",
                  "job_id")),
          Map.entry("DocumentList", List.of("documents", "total")),
          Map.entry(
              "Chunk",
              List.of("chunk_index", "text", "page_start", "page_end", "char_start", "char_end")),
          Map.entry("ChunkList", List.of("chunks", "total")),
          Map.entry(
              "UploadForm", List.of("file", "priority", "chunk_size", "chunk_overlap", "force")),
          Map.entry(
              "UploadAccepted",
              List.of("job_id", "document_id", "file_path", "status", "duplicate", "message")),
          Map.entry(
              "DirectoryIngestRequest", List.of("directory_path", "file_patterns", "recursive")),
          Map.entry(
              "DirectoryIngestAccepted",
              List.of("job_id", "directory_path", "total_files_found", "status", "message")),
          Map.entry("ReprocessRequest", List.of("chunk_size", "chunk_overlap")),
          Map.entry("SearchRequest", List.of("query", "top_k", "document_ids")),
          Map.entry(
              "SearchResult",
              List.of(
                  "document_id",
                  "filename",
                  "chunk_index",
                  "text",
                  "score",
                  "page_start",
                  "page_end")),
          Map.entry("SearchResponse", List.of("results")),
          Map.entry(
              "Worker",
              List.of(
                  "worker_id",
                  "name",
                  "priority",
                  "status",
                  "host",
                  "pid",
                  "processed",
                  "failed",
                  "current_job",
                  "started_at",
                  "last_heartbeat")),
          Map.entry("WorkerList", List.of("workers")),
          Map.entry("QueueStats", List.of("queue_lengths", "total_pending")),
          Map.entry("Health", List.of("status", "database", "index", "workers", "queue_stats")),
          Map.entry(
              "WorkerHealth",
              List.of(
                  "status",
                  "worker_count",
                  "running_workers",
                  "total_processed",
                  "total_failed",
                  "queue_stats")),
          Map.entry(
              "ProcessingTimes",
              List.of("avg_seconds", "max_seconds", "min_seconds", "p95_seconds")),
          Map.entry(
              "Statistics",
              List.of("total_24h", "status_counts", "processing_times", "queue_stats")),
          Map.entry("CleanupResult", List.of("deleted")));

  static final Map<String, List<String>> API_MD_ENUMS =
      Map.of(
          "JobStatus",
          List.of("pending", "processing", "retrying", "completed", "failed", "cancelled"),
          "Stage",
          List.of("parsing", "chunking", "embedding", "indexing"),
          "TaskType",
          List.of("single_document", "directory_batch", "document_reprocess"),
          "Priority",
          List.of("high", "medium", "low"));

  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
  private static final String ERROR_REF = "#/components/schemas/Error";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private final JsonNode doc = parse(OpenApiDocument.load().json());

  /** One operation of the document: its key ("GET /path"), path item and operation object. */
  record Operation(String key, String method, String path, JsonNode pathItem, JsonNode op) {}

  @Test
  void isAnOpenApi3DocumentForIntake() {
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    assertThat(doc.at("/info/title").asText()).isEqualTo("Intake");
    assertThat(doc.at("/info/version").asText()).isNotBlank();
    assertThat(doc.at("/servers/0/url").asText()).isEqualTo("/");
    assertThat(doc.at("/components/securitySchemes/bearer/type").asText()).isEqualTo("http");
    assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(OpenApiDocument.load()).isSameAs(OpenApiDocument.load());
  }

  @Test
  void declaresExactlyTheOperationsOfApiMd() {
    assertThat(OpenApiDocument.load().operations())
        .containsExactlyInAnyOrderElementsOf(API_MD_OPERATIONS);
  }

  @Test
  void everyRefResolvesWithinTheDocument() {
    List<String> refs = new ArrayList<>();
    walk(
        doc,
        (key, value) -> {
          if (key.equals("$ref")) {
            refs.add(value.asText());
          }
        });
    assertThat(refs).isNotEmpty();
    assertThat(refs)
        .allSatisfy(
            ref -> {
              assertThat(ref).as("only local references").startsWith("#/");
              assertThat(doc.at(JsonPointer.compile(ref.substring(1))).isMissingNode())
                  .as("%s resolves", ref)
                  .isFalse();
            });
  }

  @Test
  void everyOperationHasAUniqueIdASummaryAndASuccessResponse() {
    Set<String> ids = new HashSet<>();
    for (Operation o : operations()) {
      String id = o.op().path("operationId").asText("");
      assertThat(id).as("operationId of %s", o.key()).isNotBlank();
      assertThat(ids.add(id)).as("operationId %s is unique (%s)", id, o.key()).isTrue();
      assertThat(o.op().path("summary").asText("")).as("summary of %s", o.key()).isNotBlank();
      assertThat(statuses(o)).as("responses of %s", o.key()).anyMatch(s -> s.startsWith("2"));
    }
  }

  @Test
  void everyPropertyAndParameterNameIsSnakeCase() {
    List<String> names = new ArrayList<>();
    walk(
        doc,
        (key, value) -> {
          if (key.equals("properties") && value.isObject()) {
            value.fieldNames().forEachRemaining(names::add);
          }
        });
    for (Operation o : operations()) {
      parameters(o).forEach(p -> names.add(p.path("name").asText()));
    }
    assertThat(names).hasSizeGreaterThan(100);
    assertThat(names).allSatisfy(n -> assertThat(n).matches(SNAKE_CASE));
  }

  @Test
  void pathParametersAreDeclaredWithTheContractsNames() {
    for (Operation o : operations()) {
      Set<String> inTemplate = new TreeSet<>();
      Matcher m = PATH_PARAM.matcher(o.path());
      while (m.find()) {
        inTemplate.add(m.group(1));
      }
      assertThat(inTemplate).as(o.key()).isSubsetOf("job_id", "document_id");
      Set<String> declared = new TreeSet<>();
      for (JsonNode p : parameters(o)) {
        if (p.path("in").asText().equals("path")) {
          assertThat(p.path("required").asBoolean()).as("%s: %s required", o.key(), p).isTrue();
          declared.add(p.path("name").asText());
        }
      }
      assertThat(declared).as("path parameters of %s", o.key()).isEqualTo(inTemplate);
      if (!inTemplate.isEmpty()) {
        assertThat(statuses(o)).as("%s answers 404 for an unknown id", o.key()).contains("404");
      }
    }
  }

  @Test
  void everyOperationButHealthNeedsTheBearerKey() {
    assertThat(doc.path("security").toString()).isEqualTo("[{\"bearer\":[]}]");
    for (Operation o : operations()) {
      if (o.key().equals("GET /api/v1/health")) {
        assertThat(o.op().path("security").toString()).as(o.key()).isEqualTo("[]");
        assertThat(statuses(o)).as(o.key()).doesNotContain("401");
      } else {
        assertThat(o.op().has("security")).as("%s keeps the global security", o.key()).isFalse();
        assertThat(statuses(o)).as("%s answers 401 without a key", o.key()).contains("401");
      }
    }
  }

  @Test
  void errorResponsesUseTheErrorSchema() {
    for (Operation o : operations()) {
      responses(o)
          .forEach(
              (status, response) -> {
                if (status.startsWith("4")) {
                  assertThat(response.at("/content/application~1json/schema/$ref").asText())
                      .as("%s %s", o.key(), status)
                      .isEqualTo(ERROR_REF);
                }
              });
    }
  }

  @Test
  void declaresTheStatusCodesOfApiMd() {
    Map<String, Operation> byKey = new HashMap<>();
    operations().forEach(o -> byKey.put(o.key(), o));
    API_MD_STATUSES.forEach(
        (key, expected) -> assertThat(statuses(byKey.get(key))).as(key).containsAll(expected));
    assertThat(responses(byKey.get("GET /api/v1/jobs/{job_id}/events")))
        .as("the job stream")
        .extractingByKey("200")
        .satisfies(r -> assertThat(r.at("/content/text~1event-stream").isObject()).isTrue());
    assertThat(
            responses(byKey.get("GET /metrics")).get("200").at("/content/text~1plain").isObject())
        .isTrue();
  }

  /**
   * Every operation can be refused for a foreign Host or Origin (403); the JSON-body operations
   * take only JSON (415) of bounded size (413); new work can be refused with a Retry-After (503).
   */
  @Test
  void declaresTheStatusesOfTheRequestGuardsAndBackPressure() {
    Set<String> jsonBodies =
        Set.of(
            "POST /api/v1/search",
            "POST /api/v1/documents/ingest-directory",
            "POST /api/v1/documents/{document_id}/reprocess");
    for (Operation o : operations()) {
      assertThat(statuses(o)).as(o.key()).contains("403");
      if (jsonBodies.contains(o.key())) {
        assertThat(statuses(o)).as(o.key()).contains("400", "413", "415");
      }
    }
    Map<String, Operation> byKey = new HashMap<>();
    operations().forEach(o -> byKey.put(o.key(), o));
    for (String key :
        List.of("POST /api/v1/documents/upload", "POST /api/v1/documents/ingest-directory")) {
      JsonNode unavailable = responses(byKey.get(key)).get("503");
      assertThat(unavailable).as(key).isNotNull();
      assertThat(unavailable.at("/headers/Retry-After").isObject()).as(key).isTrue();
    }
  }

  /**
   * The worker pool's own answers: stop is asynchronous (202 while it finishes), start says why it
   * cannot (409), and health lists each supervised part.
   */
  @Test
  void declaresTheWorkerPoolAnswersAndTheSupervisedParts() {
    Map<String, Operation> byKey = new HashMap<>();
    operations().forEach(o -> byKey.put(o.key(), o));
    assertThat(statuses(byKey.get("POST /api/v1/workers/start"))).contains("200", "409");
    assertThat(statuses(byKey.get("POST /api/v1/workers/stop"))).contains("200", "202");
    JsonNode schemas = doc.at("/components/schemas");
    assertThat(schemas.at("/WorkerPoolStatus/properties/status/enum").toString())
        .isEqualTo("[\"running\",\"stopping\",\"stopped\"]");
    assertThat(schemas.at("/Health/properties/services/additionalProperties/$ref").asText())
        .isEqualTo("#/components/schemas/ServiceHealth");
    assertThat(schemas.at("/WorkerHealth/properties/pool/enum").size()).isEqualTo(3);
  }

  @Test
  void schemasCarryTheFieldsAndValuesOfApiMd() {
    JsonNode schemas = doc.at("/components/schemas");
    API_MD_FIELDS.forEach(
        (schema, fields) -> {
          JsonNode properties = resolve(schemas.path(schema)).path("properties");
          assertThat(properties.isObject()).as("schema %s has properties", schema).isTrue();
          List<String> names = new ArrayList<>();
          properties.fieldNames().forEachRemaining(names::add);
          assertThat(names).as("properties of %s", schema).containsAll(fields);
        });
    API_MD_ENUMS.forEach(
        (schema, values) -> {
          List<String> declared = new ArrayList<>();
          schemas.path(schema).path("enum").forEach(v -> declared.add(v.asText()));
          assertThat(declared).as("enum %s", schema).containsExactlyInAnyOrderElementsOf(values);
        });
    assertThat(resolve(schemas.path("Error")).at("/properties/error/required").toString())
        .isEqualTo("[\"code\",\"message\"]");
    assertThat(resolve(schemas.path("JobResult")).path("anyOf").toString())
        .contains("SingleDocumentResult", "DirectoryBatchResult");
  }

  /**
   * Sends every operation of the document to a real server (ids are random UUIDs, bodies {@code
   * {}}): no route may be missing (a 404 without a handler's error code such as {@code
   * job_not_found}, or a 405), every answered status must be declared, 2xx bodies must be of a
   * declared media type and carry the schema's required fields, and without the key every path but
   * health must answer 401. The streams must answer 200 text/event-stream at once.
   */
  @Test
  void documentMatchesTheServersRoutes() throws Exception {
    String apiKey = "openapi-test-" + UUID.randomUUID();
    Map<String, String> vars = TestNode.defaults(dataDir);
    vars.put("INTAKE_API_KEY", apiKey);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    List<String> problems = new ArrayList<>();
    try (IntakeNode node = TestNode.serve(vars)) {
      String base = "http://127.0.0.1:" + node.port();
      byte[] note = "A short note for the event stream.".getBytes(StandardCharsets.UTF_8);
      ApiClient.Response upload = new ApiClient(base, apiKey).upload("note.txt", note, Map.of());
      assertThat(upload.status()).as("upload: %s", upload.body()).isEqualTo(202);
      String realJob = upload.body().path("job_id").asText();

      for (Operation o : operations()) {
        boolean secured = !o.key().equals("GET /api/v1/health");
        if (o.path().endsWith("/events")) {
          // a stream never ends: only its status and headers are read (of a real job's stream)
          String url = base + o.path().replace("{job_id}", realJob);
          HttpResponse<Void> r = headers(http, stream(url, apiKey), o, problems);
          if (r == null) {
            continue;
          }
          String type = r.headers().firstValue("Content-Type").orElse("");
          if (r.statusCode() != 200 || !type.startsWith("text/event-stream")) {
            problems.add(
                o.key()
                    + ": answered "
                    + r.statusCode()
                    + " '"
                    + type
                    + "', not 200 text/event-stream");
            continue;
          }
          HttpResponse<Void> anonymous = headers(http, stream(url, null), o, problems);
          if (anonymous != null && anonymous.statusCode() != 401) {
            problems.add(o.key() + ": answered " + anonymous.statusCode() + " without a key");
          }
          continue;
        }
        String url =
            base
                + o.path()
                    .replace("{job_id}", UUID.randomUUID().toString())
                    .replace("{document_id}", UUID.randomUUID().toString());
        String body = o.method().equals("POST") ? "{}" : null;
        HttpResponse<String> r =
            http.send(request(url, o.method(), body, apiKey), HttpResponse.BodyHandlers.ofString());
        if (!checkAnswer(o, r, problems)) {
          continue; // missing: asking again without a key says nothing new
        }
        HttpResponse<String> anonymous =
            http.send(request(url, o.method(), body, null), HttpResponse.BodyHandlers.ofString());
        if (secured && anonymous.statusCode() != 401) {
          problems.add(o.key() + ": answered " + anonymous.statusCode() + " without a key");
        } else if (!secured && anonymous.statusCode() == 401) {
          problems.add(o.key() + ": needs a key, but the document says it does not");
        }
      }
    }
    assertThat(problems).as("differences between the document and the server").isEmpty();
  }

  /** Notes where the answer differs from the document; false if the route is missing. */
  private boolean checkAnswer(Operation o, HttpResponse<String> r, List<String> problems) {
    int status = r.statusCode();
    JsonNode body = parseOrNull(r.body());
    String code = body == null ? "" : body.at("/error/code").asText("");
    // a handler's 404 names what is missing (job_not_found, ...); the router's does not
    if (status == 405 || (status == 404 && (code.isEmpty() || code.equals("not_found")))) {
      problems.add(o.key() + ": no such route on the server (" + status + " " + r.body() + ")");
      return false;
    }
    if (status == 404 && !o.path().contains("{")) {
      problems.add(o.key() + ": 404 without an id in the path (another route shadows it?)");
      return false;
    }
    Map<String, JsonNode> responses = responses(o);
    JsonNode declared = responses.getOrDefault(String.valueOf(status), responses.get("default"));
    if (declared == null) {
      problems.add(o.key() + ": answered " + status + ", not declared: " + r.body());
      return true;
    }
    if (status < 200 || status > 299 || !declared.path("content").isObject()) {
      return true;
    }
    String mediaType =
        r.headers()
            .firstValue("Content-Type")
            .orElse("")
            .split(";")[0]
            .trim()
            .toLowerCase(Locale.ROOT);
    JsonNode content = declared.path("content").path(mediaType);
    if (content.isMissingNode()) {
      problems.add(
          o.key()
              + ": answered "
              + status
              + " as '"
              + mediaType
              + "', declared are "
              + fieldNames(declared.path("content")));
      return true;
    }
    JsonNode schema = resolve(content.path("schema"));
    if (mediaType.equals("application/json") && schema.has("required")) {
      if (body == null || !body.isObject()) {
        problems.add(o.key() + ": " + status + " body is not a JSON object: " + r.body());
        return true;
      }
      for (JsonNode field : schema.path("required")) {
        if (!body.has(field.asText())) {
          problems.add(
              o.key()
                  + ": "
                  + status
                  + " body lacks required '"
                  + field.asText()
                  + "': "
                  + r.body());
        }
      }
    }
    return true;
  }

  /** Sends a request and returns once its status and headers are in; null (noted) if not soon. */
  private static HttpResponse<Void> headers(
      HttpClient http, HttpRequest request, Operation o, List<String> problems)
      throws InterruptedException {
    try {
      return http.sendAsync(request, info -> new HeadersOnly()).get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      problems.add(o.key() + ": no response headers within 10 s");
    } catch (ExecutionException e) {
      problems.add(o.key() + ": " + e.getCause());
    }
    return null;
  }

  /** Takes the status and headers, then cancels the body. */
  private static final class HeadersOnly implements HttpResponse.BodySubscriber<Void> {
    @Override
    public CompletionStage<Void> getBody() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  /** A GET of an event stream as EventSource sends it (Javalin streams only with this Accept). */
  private static HttpRequest stream(String url, String apiKey) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream");
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return b.GET().build();
  }

  /** A request with a JSON body, or none; with the bearer key, unless it is null. */
  private static HttpRequest request(String url, String method, String jsonBody, String apiKey) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    if (jsonBody == null) {
      return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(jsonBody))
        .build();
  }

  // --- reading the document ---

  private List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      path.getValue()
          .fields()
          .forEachRemaining(
              e -> {
                if (HTTP_METHODS.contains(e.getKey())) {
                  String method = e.getKey().toUpperCase(Locale.ROOT);
                  ops.add(
                      new Operation(
                          method + " " + path.getKey(),
                          method,
                          path.getKey(),
                          path.getValue(),
                          e.getValue()));
                }
              });
    }
    assertThat(ops).as("operations").isNotEmpty();
    return ops;
  }

  /** Path-item and operation parameters, references resolved. */
  private List<JsonNode> parameters(Operation o) {
    List<JsonNode> params = new ArrayList<>();
    o.pathItem().path("parameters").forEach(p -> params.add(resolve(p)));
    o.op().path("parameters").forEach(p -> params.add(resolve(p)));
    return params;
  }

  /** Status code → response object, references resolved. */
  private Map<String, JsonNode> responses(Operation o) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    o.op()
        .path("responses")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), resolve(e.getValue())));
    return out;
  }

  private Set<String> statuses(Operation o) {
    return responses(o).keySet();
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int hops = 0; n.has("$ref"); hops++) {
      assertThat(hops).as("reference chain from %s", node).isLessThan(10);
      n = doc.at(JsonPointer.compile(n.path("$ref").asText().substring(1)));
    }
    return n;
  }

  /** Calls {@code visit(key, value)} for every field of every object in the tree. */
  private static void walk(JsonNode node, BiConsumer<String, JsonNode> visit) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                visit.accept(e.getKey(), e.getValue());
                walk(e.getValue(), visit);
              });
    } else if (node.isArray()) {
      node.forEach(n -> walk(n, visit));
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("the OpenAPI document is not valid JSON", e);
    }
  }

  private static JsonNode parseOrNull(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
