package dev.intake.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.job.ArchiveEntry;
import dev.intake.job.Document;
import dev.intake.job.Fence;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.Stage;
import dev.intake.job.TaskType;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every job store must have. Each backend's test class only supplies a fresh
 * database; nothing here knows which one it runs against.
 */
public abstract class JobStoreContract {
  protected static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");
  private static final long LEASE_MS = 30_000;

  protected Database db;
  protected JobStore store;
  protected JobReader reader;

  protected abstract Database openDatabase() throws Exception;

  protected void dropDatabase() {}

  @BeforeEach
  void open() throws Exception {
    db = openDatabase();
    store = new JdbcJobStore(db);
    reader = new JdbcJobReader(db);
  }

  @AfterEach
  void close() {
    if (db != null) { // null when the test was skipped before it opened one
      db.close();
    }
    dropDatabase();
  }

  // ---- helpers

  protected EnqueueResult enqueue(Priority priority, String sha, boolean force, Instant at) {
    String doc = UUID.randomUUID().toString();
    return store.documentEnqueue(
        new NewDocument(doc, "a.pdf", null, 10, sha, "k/" + doc, 256, 32),
        new NewJob(
            UUID.randomUUID().toString(),
            TaskType.SINGLE_DOCUMENT,
            priority,
            3,
            doc,
            null,
            new JobParams(256, 32, force, null),
            "Queued"),
        at);
  }

  protected Job enqueue(Priority priority) {
    return enqueue(priority, UUID.randomUUID().toString(), false, T0).job();
  }

  protected Optional<Job> claim(String worker, Priority lowest, Instant now) {
    return store.jobClaim(new ClaimRequest(worker, lowest, now, now.plusMillis(LEASE_MS)));
  }

  protected static List<StoredChunk> chunks(int from, int to) {
    List<StoredChunk> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new StoredChunk(i, "chunk " + i, 1, 1, i * 10, i * 10 + 9, 3, new float[] {i, 1, 2}));
    }
    return out;
  }

  protected static Completion completion(String documentId, int chunks) {
    return new Completion(
        documentId, "application/pdf", 2, chunks, 100, "{\"chunk_count\":" + chunks + "}", "done");
  }

  // ---- enqueue

  @Test
  void enqueueWritesDocumentAndJobTogether() {
    EnqueueResult r = enqueue(Priority.HIGH, "abc", false, T0);
    assertThat(r.duplicate()).isFalse();
    assertThat(reader.documentGet(r.document().documentId()))
        .get()
        .extracting("jobId")
        .isEqualTo(r.job().jobId());
    Job job = reader.jobGet(r.job().jobId()).orElseThrow();
    assertThat(job.status()).isEqualTo(JobState.PENDING);
    assertThat(job.documentId()).isEqualTo(r.document().documentId());
    assertThat(job.attempt()).isZero();
    assertThat(job.maxRetries()).isEqualTo(2);
  }

  @Test
  void enqueueAnswersTheDocumentAndJobExactlyAsStored() {
    // A time with a sub-millisecond part: the columns keep whole milliseconds, and the answer
    // (the upload's 202) must say what a later GET says.
    EnqueueResult r = enqueue(Priority.LOW, "as-stored", false, T0.plusNanos(123_456_789));
    assertThat(r.document()).isEqualTo(reader.documentGet(r.document().documentId()).get());
    assertThat(r.job()).isEqualTo(reader.jobGet(r.job().jobId()).get());
    assertThat(r.job().createdAt()).isEqualTo(T0.plusMillis(123));
  }

  @Test
  void identicalContentWithSameSettingsReturnsTheExistingDocumentUnlessForced() {
    EnqueueResult first = enqueue(Priority.HIGH, "same", false, T0);
    EnqueueResult second = enqueue(Priority.HIGH, "same", false, T0.plusSeconds(1));
    assertThat(second.duplicate()).isTrue();
    assertThat(second.document().documentId()).isEqualTo(first.document().documentId());
    assertThat(second.job().jobId()).isEqualTo(first.job().jobId());
    EnqueueResult forced = enqueue(Priority.HIGH, "same", true, T0.plusSeconds(2));
    assertThat(forced.duplicate()).isFalse();
    assertThat(reader.documentList(10, 0).total()).isEqualTo(2);
  }

  // ---- claim

  @Test
  void claimTakesHighestPriorityThenOldest() {
    Job low = enqueue(Priority.LOW);
    Job medium = enqueue(Priority.MEDIUM);
    Job high1 = enqueue(Priority.HIGH);
    Job high2 = enqueue(Priority.HIGH);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      order.add(claim("w", Priority.LOW, T0.plusSeconds(1)).orElseThrow().jobId());
    }
    assertThat(order).containsExactly(high1.jobId(), high2.jobId(), medium.jobId(), low.jobId());
    assertThat(claim("w", Priority.LOW, T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void highOnlyWorkerLeavesOtherPrioritiesAlone() {
    enqueue(Priority.MEDIUM);
    assertThat(claim("w-high", Priority.HIGH, T0.plusSeconds(1))).isEmpty();
    assertThat(claim("w-any", Priority.LOW, T0.plusSeconds(1))).isPresent();
  }

  @Test
  void claimRecordsWorkerAttemptAndLease() {
    enqueue(Priority.HIGH);
    Job j = claim("w1", Priority.LOW, T0.plusSeconds(5)).orElseThrow();
    assertThat(j.status()).isEqualTo(JobState.PROCESSING);
    assertThat(j.attempt()).isEqualTo(1);
    assertThat(j.workerId()).isEqualTo("w1");
    assertThat(j.leaseUntil()).isEqualTo(T0.plusSeconds(5).plusMillis(LEASE_MS));
    assertThat(j.startedAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void concurrentClaimersNeverShareAJob() throws Exception {
    int jobs = 200;
    for (int i = 0; i < jobs; i++) {
      enqueue(Priority.HIGH);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<String>>> results = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String worker = "w" + w;
      results.add(
          pool.submit(
              () -> {
                List<String> mine = new ArrayList<>();
                Optional<Job> j;
                while ((j = claim(worker, Priority.LOW, T0.plusSeconds(1))).isPresent()) {
                  mine.add(j.get().jobId());
                }
                return mine;
              }));
    }
    List<String> all = new ArrayList<>();
    for (Future<List<String>> f : results) {
      all.addAll(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertThat(all).hasSize(jobs);
    assertThat(new HashSet<>(all)).hasSize(jobs);
  }

  // ---- leases and fencing

  @Test
  void heartbeatExtendsTheLeaseAndReportsACancelRequest() {
    enqueue(Priority.HIGH);
    Job j = claim("w1", Priority.LOW, T0).orElseThrow();
    assertThat(store.jobHeartbeat(j.fence(), T0.plusSeconds(100))).isEqualTo(Heartbeat.OWNED);
    assertThat(reader.jobGet(j.jobId()).orElseThrow().leaseUntil()).isEqualTo(T0.plusSeconds(100));
    assertThat(store.jobCancel(j.jobId(), T0)).isEqualTo(CancelOutcome.REQUESTED);
    assertThat(store.jobHeartbeat(j.fence(), T0.plusSeconds(100)))
        .isEqualTo(Heartbeat.CANCEL_REQUESTED);
  }

  @Test
  void expiredLeaseIsReclaimedByAnotherWorkerAndTheOldWorkerIsFencedOut() {
    EnqueueResult r = enqueue(Priority.HIGH, "x", false, T0);
    Job first = claim("old", Priority.LOW, T0).orElseThrow();
    Fence stale = first.fence();
    assertThat(store.chunksAppendIfOwned(stale, r.document().documentId(), chunks(0, 2), 2, T0))
        .isTrue();

    Instant expired = T0.plusMillis(LEASE_MS + 1);
    List<RescuedJob> rescued = store.jobRescueExpired(expired, attempt -> 0L);
    assertThat(rescued)
        .singleElement()
        .satisfies(x -> assertThat(x.newState()).isEqualTo(JobState.RETRYING));
    Job second = claim("new", Priority.LOW, expired).orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.retryCount()).isEqualTo(1);
    assertThat(second.checkpoint()).isEqualTo(2);

    assertThat(store.jobProgressIfOwned(stale, Stage.EMBEDDING, 90, "late", expired)).isFalse();
    assertThat(
            store.chunksAppendIfOwned(stale, r.document().documentId(), chunks(2, 4), 4, expired))
        .isFalse();
    assertThat(store.jobCompleteIfOwned(stale, completion(r.document().documentId(), 4), expired))
        .isFalse();
    assertThat(store.jobFailIfOwned(stale, "late failure", expired)).isEmpty();
    assertThat(store.jobHeartbeat(stale, expired.plusSeconds(30))).isEqualTo(Heartbeat.LOST);

    Job now = reader.jobGet(second.jobId()).orElseThrow();
    assertThat(now.workerId()).isEqualTo("new");
    assertThat(now.status()).isEqualTo(JobState.PROCESSING);
    assertThat(store.chunkCountForJob(second.jobId())).isEqualTo(2);
  }

  @Test
  void jobThatKeepsLosingItsWorkerEndsFailedAsPoison() {
    EnqueueResult r = enqueue(Priority.HIGH, "p", false, T0);
    Instant t = T0;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Job j = claim("w" + attempt, Priority.LOW, t).orElseThrow();
      assertThat(j.attempt()).isEqualTo(attempt);
      store.chunksAppendIfOwned(
          j.fence(), r.document().documentId(), chunks(attempt - 1, attempt), attempt, t);
      t = t.plusMillis(LEASE_MS + 1);
      store.jobRescueExpired(t, a -> 0L);
    }
    Job dead = reader.jobGet(r.job().jobId()).orElseThrow();
    assertThat(dead.status()).isEqualTo(JobState.FAILED);
    assertThat(dead.errorMessage())
        .contains("Gave up after 3 attempts")
        .contains("stopped responding");
    assertThat(store.chunkCountForJob(dead.jobId())).isZero();
    assertThat(claim("w", Priority.LOW, t.plusSeconds(60))).isEmpty();
  }

  @Test
  void rescueSchedulesTheRetryAfterTheBackoff() {
    enqueue(Priority.HIGH);
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    Instant expired = T0.plusMillis(LEASE_MS + 1);
    store.jobRescueExpired(expired, attempt -> 10_000L);
    assertThat(reader.jobGet(j.jobId()).orElseThrow().runAt()).isEqualTo(expired.plusSeconds(10));
    assertThat(claim("w", Priority.LOW, expired.plusSeconds(9))).isEmpty();
    assertThat(claim("w", Priority.LOW, expired.plusSeconds(10))).isPresent();
  }

  // ---- completion, chunks and the outbox

  @Test
  void chunksBecomeLiveOnlyWhenTheJobCompletesAndReplaceEarlierOnes() {
    EnqueueResult r = enqueue(Priority.HIGH, "c", false, T0);
    String doc = r.document().documentId();
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    store.chunksAppendIfOwned(j.fence(), doc, chunks(0, 3), 3, T0);
    assertThat(reader.chunkPage(doc, 10, 0).total()).isZero();
    long before = store.outboxMaxSeq();
    assertThat(store.jobCompleteIfOwned(j.fence(), completion(doc, 3), T0)).isTrue();
    assertThat(reader.chunkPage(doc, 10, 0).items())
        .extracting(StoredChunk::chunkIndex)
        .containsExactly(0, 1, 2);
    assertThat(store.outboxAfter(before, 10))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.documentId()).isEqualTo(doc);
              assertThat(e.operation()).isEqualTo("upsert");
            });
    assertThat(store.chunksActivePage(doc, -1, 10).get(1).embedding()).containsExactly(1f, 1f, 2f);
    assertThat(reader.documentGet(doc).orElseThrow().status()).isEqualTo("completed");
    assertThat(reader.jobGet(j.jobId()).orElseThrow().progress()).isEqualTo(100.0);
  }

  @Test
  void chunksKeepTheirSectionAndTheDocumentWhatItSaysAboutItself() {
    EnqueueResult r = enqueue(Priority.HIGH, "s", false, T0);
    String doc = r.document().documentId();
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    List<StoredChunk> rows =
        List.of(
            new StoredChunk(0, "Preface.", 1, 1, 0, 8, 2, new float[] {1, 0, 0}, null),
            new StoredChunk(
                1, "Java 21.", 1, 1, 10, 18, 3, new float[] {0, 1, 0}, "2 Install > 2.1 Needs"));
    store.chunksAppendIfOwned(j.fence(), doc, rows, 2, T0);
    Instant created = Instant.parse("2024-03-01T10:15:30Z");
    Completion c =
        new Completion(
            doc,
            "application/pdf",
            1,
            2,
            18,
            "{}",
            "done",
            new dev.intake.pipeline.parse.DocumentInfo("Guide", "Grace Hopper", "en", created));
    assertThat(store.jobCompleteIfOwned(j.fence(), c, T0)).isTrue();
    assertThat(reader.chunkPage(doc, 10, 0).items())
        .extracting(StoredChunk::section)
        .containsExactly(null, "2 Install > 2.1 Needs");
    assertThat(store.chunksActivePage(doc, -1, 10))
        .extracting(StoredChunk::section)
        .containsExactly(null, "2 Install > 2.1 Needs");
    dev.intake.job.Document d = reader.documentGet(doc).orElseThrow();
    assertThat(d.title()).isEqualTo("Guide");
    assertThat(d.author()).isEqualTo("Grace Hopper");
    assertThat(d.language()).isEqualTo("en");
    assertThat(d.fileCreated()).isEqualTo(created);
  }

  @Test
  void aCompletedDocumentRecordsTheModelItsJobEmbeddedWith() {
    EnqueueResult r = enqueue(Priority.HIGH, "m", false, T0);
    String doc = r.document().documentId();
    assertThat(reader.documentGet(doc).orElseThrow().embeddingModel()).isNull();
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    assertThat(store.jobEmbeddingModelIfOwned(j.fence(), "bge-small", 3, T0)).isTrue();
    store.chunksAppendIfOwned(j.fence(), doc, chunks(0, 2), 2, T0);
    assertThat(store.jobCompleteIfOwned(j.fence(), completion(doc, 2), T0)).isTrue();
    Document done = reader.documentGet(doc).orElseThrow();
    assertThat(done.embeddingModel()).isEqualTo("bge-small");
    assertThat(done.embeddingDimensions()).isEqualTo(3);
  }

  @Test
  void aResumedJobKeepsItsChunksForTheSameModelAndDropsThemForAnother() {
    EnqueueResult r = enqueue(Priority.HIGH, "m2", false, T0);
    String doc = r.document().documentId();
    Job first = claim("w", Priority.LOW, T0).orElseThrow();
    assertThat(store.jobEmbeddingModelIfOwned(first.fence(), "model-a", 3, T0)).isTrue();
    store.chunksAppendIfOwned(first.fence(), doc, chunks(0, 2), 2, T0);
    store.jobRetryLaterIfOwned(first.fence(), "io", T0, T0);

    Job same = claim("w", Priority.LOW, T0.plusSeconds(1)).orElseThrow();
    assertThat(store.jobEmbeddingModelIfOwned(same.fence(), "model-a", 3, T0)).isTrue();
    assertThat(store.chunkCountForJob(same.jobId())).isEqualTo(2);
    store.jobRetryLaterIfOwned(same.fence(), "io", T0, T0);

    Job other = claim("w2", Priority.LOW, T0.plusSeconds(2)).orElseThrow();
    assertThat(store.jobEmbeddingModelIfOwned(other.fence(), "model-b", 3, T0)).isTrue();
    assertThat(store.chunkCountForJob(other.jobId())).as("model-a's chunks are gone").isZero();
    assertThat(reader.jobGet(other.jobId()).orElseThrow().checkpoint()).isZero();
    // Not the owner any more: nothing changes.
    assertThat(store.jobEmbeddingModelIfOwned(same.fence(), "model-a", 3, T0)).isFalse();
    store.chunksAppendIfOwned(other.fence(), doc, chunks(0, 1), 1, T0);
    assertThat(store.jobEmbeddingModelIfOwned(other.fence(), "model-b", 4, T0))
        .as("another length is another model")
        .isTrue();
    assertThat(store.chunkCountForJob(other.jobId())).isZero();
  }

  @Test
  void failureRemovesPartialChunks() {
    EnqueueResult r = enqueue(Priority.HIGH, "f", false, T0);
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    store.chunksAppendIfOwned(j.fence(), r.document().documentId(), chunks(0, 2), 2, T0);
    assertThat(store.jobFailIfOwned(j.fence(), "PDF is encrypted", T0)).contains(JobState.FAILED);
    Job failed = reader.jobGet(j.jobId()).orElseThrow();
    assertThat(failed.status()).isEqualTo(JobState.FAILED);
    assertThat(failed.errorMessage()).isEqualTo("PDF is encrypted");
    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(reader.documentGet(r.document().documentId()).orElseThrow().status())
        .isEqualTo("failed");
  }

  @Test
  void retryLaterKeepsTheCheckpointAndWaitsForRunAt() {
    EnqueueResult r = enqueue(Priority.HIGH, "r", false, T0);
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    store.chunksAppendIfOwned(j.fence(), r.document().documentId(), chunks(0, 2), 2, T0);
    assertThat(store.jobRetryLaterIfOwned(j.fence(), "io", T0.plusSeconds(5), T0))
        .isEqualTo(RequeueOutcome.QUEUED);
    assertThat(reader.jobGet(j.jobId()).orElseThrow().status()).isEqualTo(JobState.RETRYING);
    assertThat(claim("w", Priority.LOW, T0.plusSeconds(4))).isEmpty();
    Job again = claim("w", Priority.LOW, T0.plusSeconds(5)).orElseThrow();
    assertThat(again.checkpoint()).isEqualTo(2);
    assertThat(store.chunkCountForJob(j.jobId())).isEqualTo(2);
  }

  @Test
  void releaseHandsTheJobBackWithoutCountingTheAttempt() {
    enqueue(Priority.HIGH);
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    assertThat(store.jobReleaseIfOwned(j.fence(), T0)).isEqualTo(RequeueOutcome.QUEUED);
    Job back = reader.jobGet(j.jobId()).orElseThrow();
    assertThat(back.status()).isEqualTo(JobState.PENDING);
    assertThat(back.attempt()).isZero();
    assertThat(claim("w2", Priority.LOW, T0).orElseThrow().attempt()).isEqualTo(1);
  }

  // ---- cancel and retry

  @Test
  void cancelActsByState() {
    Job pending = enqueue(Priority.HIGH);
    assertThat(store.jobCancel(pending.jobId(), T0)).isEqualTo(CancelOutcome.CANCELLED);
    assertThat(reader.jobGet(pending.jobId()).orElseThrow().status()).isEqualTo(JobState.CANCELLED);
    assertThat(store.jobCancel(pending.jobId(), T0)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
    assertThat(store.jobCancel("nope", T0)).isEqualTo(CancelOutcome.NOT_FOUND);

    enqueue(Priority.HIGH);
    Job running = claim("w", Priority.LOW, T0).orElseThrow();
    assertThat(store.jobCancel(running.jobId(), T0)).isEqualTo(CancelOutcome.REQUESTED);
    assertThat(store.jobCancelledIfOwned(running.fence(), T0)).isTrue();
    assertThat(reader.jobGet(running.jobId()).orElseThrow().status()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void retryQueuesAFailedJobAgainWithFreshAttempts() {
    enqueue(Priority.HIGH);
    Job j = claim("w", Priority.LOW, T0).orElseThrow();
    store.jobFailIfOwned(j.fence(), "boom", T0);
    Job retried = store.jobRetry(j.jobId(), T0.plusSeconds(1)).orElseThrow();
    assertThat(retried.status()).isEqualTo(JobState.PENDING);
    assertThat(retried.attempt()).isZero();
    assertThat(retried.errorMessage()).isNull();
    assertThat(store.jobRetry(j.jobId(), T0)).isEmpty();
    assertThat(claim("w", Priority.LOW, T0.plusSeconds(1))).isPresent();
  }

  // ---- directory batches

  private Job batch(int children) {
    String parent = UUID.randomUUID().toString();
    List<NewJob> kids = new ArrayList<>();
    for (int i = 0; i < children; i++) {
      kids.add(
          new NewJob(
              UUID.randomUUID().toString(),
              TaskType.SINGLE_DOCUMENT,
              Priority.MEDIUM,
              3,
              null,
              parent,
              new JobParams(256, 32, false, "/data/f" + i + ".txt"),
              "Queued"));
    }
    return store.batchEnqueue(
        new NewJob(
            parent,
            TaskType.DIRECTORY_BATCH,
            Priority.MEDIUM,
            1,
            null,
            null,
            new JobParams(256, 32, false, "/data"),
            "Ingesting"),
        kids,
        T0);
  }

  @Test
  void batchProgressAndCountsFollowItsChildrenAndItCompletesWithTheLast() {
    Job parent = batch(3);
    assertThat(parent.status()).isEqualTo(JobState.PROCESSING);
    Job first = claim("w", Priority.LOW, T0).orElseThrow();
    assertThat(first.parentJobId()).isEqualTo(parent.jobId());
    store.jobProgressIfOwned(first.fence(), Stage.EMBEDDING, 50, "half", T0);
    Job second = claim("w", Priority.LOW, T0).orElseThrow();
    store.jobFailIfOwned(second.fence(), "corrupt", T0);
    BatchCounts counts = reader.batchCounts(parent.jobId());
    assertThat(counts.total()).isEqualTo(3);
    assertThat(counts.pending()).isEqualTo(1);
    assertThat(counts.processing()).isEqualTo(1);
    assertThat(counts.failed()).isEqualTo(1);
    assertThat(counts.progress()).isEqualTo(50.0); // (50 + 100 for the failed one + 0) / 3
    assertThat(reader.jobGet(parent.jobId()).orElseThrow().status()).isEqualTo(JobState.PROCESSING);

    store.jobSkipIfOwned(first.fence(), "other-doc", "{\"skipped\":true}", "duplicate", T0);
    Job third = claim("w", Priority.LOW, T0).orElseThrow();
    store.chunksAppendIfOwned(third.fence(), "d3", chunks(0, 1), 1, T0);
    assertThat(
            store
                .jobAttachDocumentIfOwned(
                    third.fence(),
                    new NewDocument("d3", "f2.txt", null, 1, "sha-3", "k3", 256, 32),
                    T0)
                .owned())
        .isTrue();
    store.jobCompleteIfOwned(third.fence(), completion("d3", 1), T0);
    Job done = reader.jobGet(parent.jobId()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobState.COMPLETED);
    assertThat(reader.batchCounts(parent.jobId()).progress()).isEqualTo(100.0);
    assertThat(reader.batchChildren(parent.jobId())).hasSize(3);
  }

  @Test
  void cancellingABatchCancelsItsQueuedChildrenAndAsksRunningOnesToStop() {
    Job parent = batch(3);
    Job running = claim("w", Priority.LOW, T0).orElseThrow();
    assertThat(store.jobCancel(parent.jobId(), T0)).isEqualTo(CancelOutcome.CANCELLED);
    assertThat(store.jobHeartbeat(running.fence(), T0.plusSeconds(30)))
        .isEqualTo(Heartbeat.CANCEL_REQUESTED);
    BatchCounts counts = reader.batchCounts(parent.jobId());
    assertThat(counts.cancelled()).isEqualTo(2);
    assertThat(reader.jobGet(parent.jobId()).orElseThrow().status()).isEqualTo(JobState.CANCELLED);
    assertThat(claim("w", Priority.LOW, T0)).isEmpty();
  }

  @Test
  void anEmptyBatchIsCompletedAtOnceAndIsNeverClaimed() {
    Job parent = batch(0);
    assertThat(reader.jobGet(parent.jobId()).orElseThrow().status()).isEqualTo(JobState.COMPLETED);
    assertThat(claim("w", Priority.LOW, T0)).isEmpty();
  }

  // ---- reads

  @Test
  void jobListFiltersPagesAndShowsNewestFirst() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(enqueue(Priority.HIGH).jobId());
    }
    Job running = claim("w", Priority.LOW, T0).orElseThrow();
    Page<Job> pending = reader.jobList(new JobFilter(JobState.PENDING, null, 2, 0));
    assertThat(pending.total()).isEqualTo(4);
    Collections.reverse(ids);
    assertThat(pending.items()).extracting(Job::jobId).containsExactly(ids.get(0), ids.get(1));
    assertThat(
            reader
                .jobList(new JobFilter(JobState.PROCESSING, TaskType.SINGLE_DOCUMENT, 10, 0))
                .items())
        .extracting(Job::jobId)
        .containsExactly(running.jobId());
    assertThat(reader.jobList(new JobFilter(null, TaskType.DIRECTORY_BATCH, 10, 0)).total())
        .isZero();
    assertThat(reader.queueLengths())
        .containsEntry(Priority.HIGH, 4L)
        .containsEntry(Priority.LOW, 0L);
  }

  @Test
  void workersAreListedUntilTheirHeartbeatGoesStale() {
    WorkerInfo w = new WorkerInfo("w1", "w1", "any", "idle", "host", 42, 0, 0, null, T0, T0, null);
    store.workerRegister(w);
    String metrics = "http://10.0.0.7:8081/metrics";
    assertThat(
            store.workerHeartbeat(
                new WorkerInfo(
                    "w1",
                    "w1",
                    "any",
                    "busy",
                    "host",
                    42,
                    3,
                    1,
                    "job-1",
                    T0,
                    T0.plusSeconds(10),
                    metrics)))
        .isTrue();
    assertThat(reader.workerList(T0.plusSeconds(5)))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.processed()).isEqualTo(3);
              assertThat(x.currentJob()).isEqualTo("job-1");
              assertThat(x.pid()).isEqualTo(42);
              assertThat(x.metricsUrl()).isEqualTo(metrics);
            });
    assertThat(store.workerRemoveStale(T0.plusSeconds(11))).isEqualTo(1);
    assertThat(reader.workerList(T0)).isEmpty();
    assertThat(store.workerHeartbeat(w)).isFalse();
  }

  protected static Set<String> idsOf(List<Job> jobs) {
    Set<String> out = new HashSet<>();
    jobs.forEach(j -> out.add(j.jobId()));
    return out;
  }

  // ---- blobs and hand-backs for the blob store

  @Test
  void blobKeysReferencedNamesOnlyTheKeysOfStoredDocuments() {
    EnqueueResult a = enqueue(Priority.HIGH, "sha-blob-a", false, T0);
    String key = a.document().blobKey();
    assertThat(reader.blobKeysReferenced(List.of(key, "k/nobody", "it's \"odd\", [no] json")))
        .containsExactly(key);
    assertThat(reader.blobKeysReferenced(List.of())).isEmpty();

    store.documentDelete(a.document().documentId(), T0);
    assertThat(reader.blobKeysReferenced(List.of(key))).isEmpty();
  }

  @Test
  void blobKeysReferencedKeepAnArchiveFileUntilItsJobHasRecordedItsDocument() {
    EnqueueResult existing = enqueue(Priority.LOW, "sha-archived", false, T0);
    String entryKey = "k/entry-" + UUID.randomUUID();
    String parent = UUID.randomUUID().toString();
    store.batchEnqueue(
        new NewJob(
            parent,
            TaskType.DIRECTORY_BATCH,
            Priority.HIGH,
            1,
            null,
            null,
            new JobParams(256, 32, false, "bundle.zip"),
            "Ingesting"),
        List.of(
            new NewJob(
                UUID.randomUUID().toString(),
                TaskType.SINGLE_DOCUMENT,
                Priority.HIGH,
                3,
                null,
                parent,
                new JobParams(
                    256, 32, false, null, new ArchiveEntry(entryKey, "a.txt", 10, "sha-archived")),
                "Queued")),
        T0);
    assertThat(reader.blobKeysReferenced(List.of(entryKey, "k/nobody")))
        .as("a queued archive file's stored entry")
        .containsExactly(entryKey);

    Job child = claim("w", Priority.HIGH, T0).orElseThrow();
    assertThat(child.params().archiveEntry().blobKey()).isEqualTo(entryKey);
    AttachOutcome outcome =
        store.jobAttachDocumentIfOwned(
            child.fence(),
            new NewDocument(
                UUID.randomUUID().toString(), "a.txt", null, 10, "sha-archived", entryKey, 256, 32),
            T0);
    assertThat(outcome.duplicateOf().documentId()).isEqualTo(existing.document().documentId());
    assertThat(reader.blobKeysReferenced(List.of(entryKey)))
        .as("once the file is a duplicate of a document, its entry is no one's")
        .isEmpty();
  }

  @Test
  void aJobHandedBackForLaterWaitsForItsRunAtAndKeepsItsAttempt() {
    Job queued = enqueue(Priority.HIGH);
    Job j = claim("w1", Priority.LOW, T0).orElseThrow();
    assertThat(
            store.jobHandBackIfOwned(j.fence(), "the blob store was away", T0.plusSeconds(10), T0))
        .isEqualTo(RequeueOutcome.QUEUED);

    assertThat(claim("w2", Priority.LOW, T0.plusSeconds(9))).isEmpty();
    Job again = claim("w2", Priority.LOW, T0.plusSeconds(10)).orElseThrow();
    assertThat(again.jobId()).isEqualTo(queued.jobId());
    assertThat(again.attempt()).as("the hand-back did not count the attempt").isEqualTo(1);
  }
}
