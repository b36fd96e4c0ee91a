package dev.intake.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.intake.health.HealthRegistry;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.pipeline.index.SearchHit;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.store.ClaimRequest;
import dev.intake.store.Completion;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.StoredChunk;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search reads the local index: catching it up with the database first (read-your-writes) never
 * holds a search for longer than its budget, and a database that cannot be read does not fail it.
 */
class SearchServiceTest {
  private static MiniLmEmbeddingModel model;

  @TempDir Path dir;
  private Database db;
  private JdbcJobStore store;
  private SearchIndex index;
  private IndexFeeder feeder;

  @BeforeAll
  static void loadModel() {
    model = new MiniLmEmbeddingModel(1);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @BeforeEach
  void open() {
    db = TestDatabases.sqlite(dir);
    store = new JdbcJobStore(db);
    index = SearchIndex.open(dir.resolve("index"), model.dimensions());
    // No background loop: what a search finds was applied by the search's own catch-up.
    feeder =
        new IndexFeeder(
            store,
            new JdbcJobReader(db),
            index,
            Duration.ofSeconds(1),
            new HealthRegistry(Clock.systemUTC()),
            () -> {});
  }

  @AfterEach
  void close() {
    index.close();
    db.close();
  }

  private SearchService service(Duration budget) {
    return new SearchService(index, feeder, model, db.availability(), budget);
  }

  /** Records a document with one chunk of {@code text} and completes its job. */
  private String ingest(String text) {
    String doc = UUID.randomUUID().toString();
    Instant now = Instant.now();
    store.documentEnqueue(
        new NewDocument(doc, doc + ".txt", null, 1, "sha-" + doc, "k", 256, 32),
        new NewJob(
            UUID.randomUUID().toString(),
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            1,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        now);
    Job job =
        store.jobClaim(new ClaimRequest("w", Priority.LOW, now, now.plusSeconds(60))).orElseThrow();
    float[] vector = model.embed(List.of(text)).get(0);
    store.chunksAppendIfOwned(
        job.fence(),
        doc,
        List.of(new StoredChunk(0, text, 1, 1, 0, text.length(), 10, vector)),
        1,
        now);
    store.jobCompleteIfOwned(
        job.fence(), new Completion(doc, "text/plain", 1, 1, text.length(), "{}", "done"), now);
    return doc;
  }

  private static List<String> documents(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::documentId).toList();
  }

  @Test
  void aCatchUpThatCannotFinishDoesNotHoldTheSearch() throws Exception {
    SearchService search = service(Duration.ofMillis(300));
    String first = ingest("The harbour crane was repaired on Tuesday.");
    assertThat(documents(search.search("harbour crane", 5, Set.of()))).containsExactly(first);
    String second = ingest("The winter garden opens at nine in the morning.");

    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The feeder applies under its own lock; holding it stalls any catch-up, as a slow outbox
    // would.
    Thread.ofPlatform()
        .start(
            () -> {
              synchronized (feeder) {
                held.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    held.await();
    try {
      List<SearchHit> hits =
          assertTimeoutPreemptively(
              Duration.ofSeconds(20), () -> search.search("winter garden", 5, Set.of()));
      assertThat(documents(hits)).doesNotContain(second).containsExactly(first);
    } finally {
      release.countDown();
    }
    // Once the catch-up can run, a completed job is searchable at once again.
    assertThat(documents(search.search("winter garden", 5, Set.of()))).contains(second);
    search.close();
  }

  @Test
  void searchAnswersFromTheIndexWhileTheDatabaseCannotBeReached() {
    SearchService search = service(Duration.ofSeconds(1));
    String doc = ingest("The harbour crane was repaired on Tuesday.");
    assertThat(documents(search.search("harbour crane", 5, Set.of()))).containsExactly(doc);

    db.availability().down("connection refused"); // as the probe reports an outage
    assertThat(documents(search.search("harbour crane", 5, Set.of()))).containsExactly(doc);

    db.availability().up();
    search.close();
  }
}
