package dev.intake.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.intake.health.HealthRegistry;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.pipeline.index.SearchIndex;
import dev.intake.store.ClaimRequest;
import dev.intake.store.Completion;
import dev.intake.store.JobStore;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.StoredChunk;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.FaultyStore;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feeder skips an outbox entry that keeps failing instead of retrying it forever (which held up
 * every later change), and reads a document's chunks in pages.
 */
class IndexFeederTest {
  private static final int DIMENSIONS = 3;

  @TempDir Path dir;
  private Database db;
  private JdbcJobStore store;
  private SearchIndex index;
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final AtomicInteger skipped = new AtomicInteger();

  @BeforeEach
  void open() {
    db = TestDatabases.sqlite(dir);
    store = new JdbcJobStore(db);
    index = SearchIndex.open(dir.resolve("index"), DIMENSIONS);
  }

  @AfterEach
  void close() {
    index.close();
    db.close();
  }

  private IndexFeeder feeder(JobStore s) {
    return new IndexFeeder(
        s, new JdbcJobReader(db), index, Duration.ofSeconds(1), health, skipped::incrementAndGet);
  }

  @Test
  void anEntryThatKeepsFailingIsSkippedAndTheRestApplied() {
    IndexFeeder feeder = feeder(store);
    String before = ingest(1, DIMENSIONS);
    // Its vectors have the wrong length: the index refuses it every time.
    String poison = ingest(1, DIMENSIONS - 1);
    String after = ingest(1, DIMENSIONS);

    for (int i = 1; i < IndexFeeder.MAX_ATTEMPTS; i++) {
      assertThatThrownBy(feeder::runOnce).isInstanceOf(IllegalArgumentException.class);
      assertThat(health.snapshot()).doesNotContainKey(IndexFeeder.HEALTH_PART);
    }
    assertThat(index.documentChunkCount(before)).as("applied before the failing entry").isOne();

    feeder.runOnce(); // the last try fails too; the entry is skipped
    assertThat(index.documentChunkCount(after)).isOne();
    assertThat(index.documentChunkCount(poison)).isZero();
    assertThat(index.appliedSequence()).isEqualTo(store.outboxMaxSeq());
    assertThat(skipped).hasValue(1);
    HealthRegistry.Status status = health.snapshot().get(IndexFeeder.HEALTH_PART);
    assertThat(status.level()).isEqualTo(HealthRegistry.Level.DEGRADED);
    assertThat(status.reason()).contains(poison);

    // Later changes flow again.
    String later = ingest(1, DIMENSIONS);
    assertThat(feeder.runOnce()).isOne();
    assertThat(index.documentChunkCount(later)).isOne();
  }

  @Test
  void aDocumentsChunksAreReadInPages() {
    FaultyStore counting = FaultyStore.failing(store, "none", 0, IllegalStateException::new);
    IndexFeeder feeder = feeder(counting.store());
    int n = 2 * IndexFeeder.CHUNK_PAGE + 10;
    String doc = ingest(n, DIMENSIONS);
    feeder.runOnce();
    assertThat(index.documentChunkCount(doc)).isEqualTo(n);
    assertThat(counting.calls("chunksActivePage")).isEqualTo(3);
  }

  /** Records a document with {@code chunks} chunks whose vectors have {@code dims} entries. */
  private String ingest(int chunks, int dims) {
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
    List<StoredChunk> stored = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      float[] vector = new float[dims];
      vector[i % dims] = 1f;
      stored.add(new StoredChunk(i, "chunk " + i + " of " + doc, 1, 1, 0, 10, 3, vector));
    }
    store.chunksAppendIfOwned(job.fence(), doc, stored, chunks, now);
    store.jobCompleteIfOwned(
        job.fence(), new Completion(doc, "text/plain", 1, chunks, 10, "{}", "done"), now);
    return doc;
  }
}
