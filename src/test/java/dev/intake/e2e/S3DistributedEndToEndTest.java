package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.health.HealthRegistry;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.sandbox.ChunkListener;
import dev.intake.sandbox.ParseRequest;
import dev.intake.sandbox.ParserPool;
import dev.intake.sandbox.SandboxSettings;
import dev.intake.store.jdbc.Database;
import dev.intake.testing.ApiClient;
import dev.intake.testing.Corpus;
import dev.intake.testing.IntakeProcess;
import dev.intake.testing.S3Server;
import dev.intake.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The distributed deployment with object storage: {@code intake serve --no-workers} and two {@code
 * intake worker} processes on one PostgreSQL database and one S3-protocol server (S3Proxy), each
 * with a data directory of its own and no directory shared between them.
 */
class S3DistributedEndToEndTest {
  static final Path CORPUS = Corpus.pdfSamples();
  static final String BUCKET = "intake-e2e";
  static final String PREFIX = "uploads";

  @TempDir Path dir;
  String schema;
  S3Server s3;
  S3Client admin;
  final List<IntakeProcess> processes = new ArrayList<>();
  ApiClient api;

  @BeforeEach
  void start() {
    TestDatabases.requirePostgres();
    schema = TestDatabases.newSchema();
    try (Database migrated = TestDatabases.postgres(schema)) {
      // schema created and migrated up front; the processes connect to it by URL
    }
    s3 = S3Server.start(dir.resolve("s3-server")).bucket(BUCKET);
    admin =
        S3Client.builder()
            .endpointOverride(s3.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(S3Server.credentials())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build();
    int port = IntakeProcess.freePort();
    api = new ApiClient(port);
    Map<String, String> env = env("serve");
    env.put("INTAKE_PORT", Integer.toString(port));
    env.put("TASK_WORKERS_AUTO_START", "false");
    start("serve", env).awaitHealthy(api, Duration.ofSeconds(90));
  }

  @AfterEach
  void stopAll() {
    processes.forEach(IntakeProcess::close);
    if (admin != null) {
      admin.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (schema != null) {
      TestDatabases.dropSchema(schema);
    }
  }

  private Map<String, String> env(String name) {
    Map<String, String> env = new HashMap<>(S3Server.credentialsEnv());
    env.put("INTAKE_DATABASE_URL", TestDatabases.postgresUrlFor(schema));
    env.put("INTAKE_DATA_DIR", dir.resolve(name).toString());
    env.put("INTAKE_BLOB_URL", "s3://" + BUCKET + "/" + PREFIX);
    env.put("INTAKE_S3_ENDPOINT", s3.endpoint().toString());
    env.put("TASK_MAX_WORKERS", "1");
    env.put("TASK_LEASE_DURATION", "3");
    env.put("TASK_RETRY_DELAY", "0.2");
    env.put("TASK_PROGRESS_UPDATE_INTERVAL", "0.1");
    return env;
  }

  private IntakeProcess start(String command, Map<String, String> env) {
    IntakeProcess p =
        IntakeProcess.start(command, env, dir.resolve(command + "-" + processes.size() + ".log"));
    processes.add(p);
    return p;
  }

  @Test
  void everyCorpusPdfGoesThroughTheBucketAndEndsAsTheParserSaysAndDeletingRemovesItsObject()
      throws Exception {
    start("worker", env("worker-a"));
    start("worker", env("worker-b"));
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> api.get("/api/v1/workers").body().path("workers").size() == 2);
    assertThat(api.get("/api/v1/health").body().path("blob_store").path("status").asText())
        .isEqualTo("ok");

    List<Path> pdfs;
    try (Stream<Path> files = Files.list(CORPUS)) {
      pdfs = files.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
    }
    Map<String, String> jobs = new LinkedHashMap<>();
    for (Path pdf : pdfs) {
      ApiClient.Response r = api.upload(pdf, Map.of());
      assertThat(r.status()).as(pdf + ": " + r.body()).isEqualTo(202);
      jobs.put(pdf.getFileName().toString(), r.body().path("job_id").asText());
    }
    Map<String, Expected> expected = reference(pdfs);

    Set<String> workersThatRan = new HashSet<>();
    Set<String> documents = new HashSet<>();
    String deleteMe = null;
    for (Map.Entry<String, String> e : jobs.entrySet()) {
      String name = e.getKey();
      JsonNode job = api.awaitFinished(e.getValue(), Duration.ofMinutes(10));
      Expected want = expected.get(name);
      documents.add(job.path("document_id").asText());
      workersThatRan.add(job.path("worker_id").asText());
      if (want.failure() != null) {
        assertThat(job.path("status").asText()).as(name + " " + job).isEqualTo("failed");
        assertThat(job.path("error_message").asText()).as(name).contains(want.failure());
        continue;
      }
      assertThat(job.path("status").asText()).as(name + " " + job).isEqualTo("completed");
      String doc = job.path("document_id").asText();
      assertThat(chunkTexts(doc))
          .as(name + ": the chunks the parser makes")
          .isEqualTo(want.chunks());
      deleteMe = deleteMe == null ? doc : deleteMe;
    }
    assertThat(workersThatRan).as("both worker processes ran jobs").hasSize(2);
    assertThat(
            expected.values().stream()
                .filter(x -> x.failure() == null && !x.chunks().isEmpty())
                .count())
        .as("most of the corpus has text")
        .isGreaterThan(20);

    // One object per document, in the bucket under the prefix; nothing kept on local disks.
    assertThat(objects()).hasSize(documents.size());
    for (String node : List.of("serve", "worker-a", "worker-b")) {
      assertThat(dir.resolve(node).resolve("blobs")).doesNotExist();
      Path downloads = dir.resolve(node).resolve("tmp/downloads");
      if (Files.isDirectory(downloads)) {
        try (Stream<Path> left = Files.list(downloads)) {
          assertThat(left).as("temporary downloads of " + node + " are deleted").isEmpty();
        }
      }
    }

    String key = PREFIX + "/" + blobKeyOf(deleteMe);
    assertThat(admin.headObject(r -> r.bucket(BUCKET).key(key)).contentLength()).isPositive();
    assertThat(api.delete("/api/v1/documents/" + deleteMe).status()).isEqualTo(200);
    assertThatThrownBy(() -> admin.headObject(r -> r.bucket(BUCKET).key(key)))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(objects()).hasSize(documents.size() - 1);
  }

  /** What the parser sandbox makes of each file with the default settings. */
  private Map<String, Expected> reference(List<Path> pdfs) {
    Map<String, Expected> out = new HashMap<>();
    try (ParserPool parsers =
        new ParserPool(
            new SandboxSettings(1, 512, Duration.ofSeconds(300), 100, 20_000, 50_000_000),
            new HealthRegistry(Clock.systemUTC()),
            reason -> {})) {
      for (Path pdf : pdfs) {
        List<String> chunks = new ArrayList<>();
        String name = pdf.getFileName().toString();
        try {
          parsers.parse(
              new ParseRequest(pdf, name, new ChunkingSettings(256, 32)),
              new ChunkListener() {
                @Override
                public void page(int page, int total) {}

                @Override
                public void chunk(Chunk chunk) {
                  chunks.add(chunk.text());
                }
              },
              () -> {});
          // a scan in which OCR finds no words parses without chunks, and is ingested so
          out.put(name, new Expected(chunks, null));
        } catch (IngestException e) {
          out.put(name, new Expected(null, e.getMessage()));
        }
      }
    }
    return out;
  }

  record Expected(List<String> chunks, String failure) {}

  private List<String> chunkTexts(String documentId) {
    List<String> texts = new ArrayList<>();
    while (true) {
      JsonNode page =
          api.get("/api/v1/documents/" + documentId + "/chunks?limit=500&offset=" + texts.size())
              .body();
      for (JsonNode c : page.path("chunks")) {
        assertThat(c.path("chunk_index").asInt()).isEqualTo(texts.size());
        texts.add(c.path("text").asText());
      }
      if (texts.size() >= page.path("total").asInt() || page.path("chunks").isEmpty()) {
        return texts;
      }
    }
  }

  private String blobKeyOf(String documentId) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(TestDatabases.postgresUrlFor(schema));
        var ps = c.prepareStatement("SELECT blob_key FROM documents WHERE document_id = ?")) {
      ps.setString(1, documentId);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** The objects in the bucket (S3Proxy's file system back end also lists directories). */
  private List<String> objects() {
    return admin.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents().stream()
        .map(S3Object::key)
        .filter(k -> !k.endsWith("/"))
        .toList();
  }
}
