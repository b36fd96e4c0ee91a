package dev.intake.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How jobs end without harming their documents, on every backend: documents outlive job retention,
 * and a cancelled job leaves no chunks behind, whichever way the cancel reaches it. Chunks are
 * counted in the chunks table itself ({@link JobStore#chunkCountForJob}), not through the
 * document's live view, which never shows a job's partial output anyway.
 */
public abstract class RetentionAndCancelContract {
  private static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");
  private static final long LEASE_MS = 30_000;
  private static final Instant LONG_AFTER = T0.plusSeconds(86_400);

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

  private EnqueueResult enqueue(String sha, Instant at) {
    String doc = UUID.randomUUID().toString();
    return store.documentEnqueue(
        new NewDocument(doc, "a.pdf", null, 10, sha, "k/" + doc, 256, 32),
        new NewJob(
            UUID.randomUUID().toString(),
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            3,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        at);
  }

  private Job claim(Instant now) {
    return store
        .jobClaim(new ClaimRequest("w", Priority.LOW, now, now.plusMillis(LEASE_MS)))
        .orElseThrow();
  }

  private static List<StoredChunk> chunks(int from, int to) {
    List<StoredChunk> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new StoredChunk(i, "chunk " + i, 1, 1, i * 10, i * 10 + 9, 3, new float[] {i, 1}));
    }
    return out;
  }

  /** Claims the next job and completes it with {@code n} chunks. */
  private Job runToCompletion(String documentId, int n, Instant at) {
    Job j = claim(at);
    assertThat(store.chunksAppendIfOwned(j.fence(), documentId, chunks(0, n), n, at)).isTrue();
    Completion done =
        new Completion(
            documentId, "application/pdf", 1, n, 10 * n, "{\"chunk_count\":" + n + "}", "done");
    assertThat(store.jobCompleteIfOwned(j.fence(), done, at)).isTrue();
    return j;
  }

  /** A job that is running and has written {@code n} chunks (its first checkpoints). */
  private Job runningWithChunks(String documentId, int n, Instant at) {
    Job j = claim(at);
    assertThat(store.chunksAppendIfOwned(j.fence(), documentId, chunks(0, n), n, at)).isTrue();
    assertThat(store.chunkCountForJob(j.jobId())).isEqualTo(n);
    return j;
  }

  private Job reprocess(String documentId, Instant at) {
    NewJob job =
        new NewJob(
            UUID.randomUUID().toString(),
            TaskType.DOCUMENT_REPROCESS,
            Priority.LOW,
            3,
            documentId,
            null,
            new JobParams(256, 32, true, null),
            "Queued");
    ReprocessOutcome outcome = store.documentReprocess(documentId, job, at);
    assertThat(outcome.status()).isEqualTo(ReprocessOutcome.Status.QUEUED);
    return outcome.job();
  }

  private Document document(String documentId) {
    return reader.documentGet(documentId).orElseThrow();
  }

  // ---- retention

  @Test
  void documentsOutliveJobRetentionWithTheirChunksAndNameNoDeletedJob() {
    String doc = enqueue("kept", T0).document().documentId();
    runToCompletion(doc, 3, T0);

    assertThat(store.jobCleanup(LONG_AFTER)).isEqualTo(1);

    Document kept = document(doc);
    assertThat(kept.jobId()).isNull();
    assertThat(kept.status()).isEqualTo("completed");
    assertThat(kept.chunkCount()).isEqualTo(3);
    assertThat(reader.documentList(10, 0).items()).extracting(Document::jobId).containsOnlyNulls();
    assertThat(reader.chunkPage(doc, 10, 0).total()).isEqualTo(3);
    assertThat(store.chunksActivePage(doc, -1, 1000)).hasSize(3);
  }

  @Test
  void identicalContentUploadedAgainAfterRetentionIsTheDocumentWithoutAJob() {
    EnqueueResult first = enqueue("again", T0);
    runToCompletion(first.document().documentId(), 2, T0);
    store.jobCleanup(LONG_AFTER);

    EnqueueResult again = enqueue("again", LONG_AFTER);

    assertThat(again.duplicate()).isTrue();
    assertThat(again.document().documentId()).isEqualTo(first.document().documentId());
    assertThat(again.document().status()).isEqualTo("completed");
    assertThat(again.job()).isNull();
    assertThat(reader.documentList(10, 0).total()).isEqualTo(1);
  }

  @Test
  void aDocumentWhoseOldJobIsCleanedUpStillNamesItsLatestJob() {
    String doc = enqueue("latest", T0).document().documentId();
    runToCompletion(doc, 2, T0);
    Job latest = reprocess(doc, T0.plusSeconds(3600));
    runToCompletion(doc, 4, T0.plusSeconds(3600));

    assertThat(store.jobCleanup(T0.plusSeconds(60))).as("only the first job").isEqualTo(1);

    assertThat(document(doc).jobId()).isEqualTo(latest.jobId());
    EnqueueResult again = enqueue("latest", LONG_AFTER);
    assertThat(again.duplicate()).isTrue();
    assertThat(again.job().jobId()).isEqualTo(latest.jobId());
    assertThat(reader.chunkPage(doc, 10, 0).total()).isEqualTo(4);
  }

  // ---- cancel

  @Test
  void cancellingARunningJobRemovesItsChunksFromTheTableAndMarksItsDocumentCancelled() {
    EnqueueResult r = enqueue("running", T0);
    Job j = runningWithChunks(r.document().documentId(), 3, T0);

    assertThat(store.jobCancel(j.jobId(), T0)).isEqualTo(CancelOutcome.REQUESTED);
    assertThat(store.chunkCountForJob(j.jobId())).as("still running").isEqualTo(3);
    assertThat(store.jobCancelledIfOwned(j.fence(), T0.plusSeconds(1))).isTrue();

    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(reader.jobGet(j.jobId()).orElseThrow().status()).isEqualTo(JobState.CANCELLED);
    assertThat(document(r.document().documentId()).status()).isEqualTo("cancelled");
  }

  @Test
  void cancellingARunningReprocessKeepsTheDocumentsLiveChunks() {
    String doc = enqueue("reprocessed", T0).document().documentId();
    runToCompletion(doc, 2, T0);
    Job again = reprocess(doc, T0.plusSeconds(10));
    Job j = runningWithChunks(doc, 5, T0.plusSeconds(10));
    assertThat(j.jobId()).isEqualTo(again.jobId());

    store.jobCancel(j.jobId(), T0.plusSeconds(11));
    assertThat(store.jobCancelledIfOwned(j.fence(), T0.plusSeconds(11))).isTrue();

    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(document(doc).status()).isEqualTo("completed");
    assertThat(reader.chunkPage(doc, 10, 0).total()).isEqualTo(2);
  }

  @Test
  void cancellingAJobWaitingToRetryRemovesTheChunksOfItsEarlierAttempt() {
    EnqueueResult r = enqueue("retrying", T0);
    Job j = runningWithChunks(r.document().documentId(), 2, T0);
    assertThat(store.jobRetryLaterIfOwned(j.fence(), "io", T0.plusSeconds(60), T0))
        .isEqualTo(RequeueOutcome.QUEUED);

    assertThat(store.jobCancel(j.jobId(), T0.plusSeconds(1))).isEqualTo(CancelOutcome.CANCELLED);

    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(document(r.document().documentId()).status()).isEqualTo("cancelled");
  }

  @Test
  void aCancelledJobWhoseWorkerDiedEndsCancelledInsteadOfRunningAgain() {
    EnqueueResult r = enqueue("orphan", T0);
    Job j = runningWithChunks(r.document().documentId(), 2, T0);
    assertThat(store.jobCancel(j.jobId(), T0)).isEqualTo(CancelOutcome.REQUESTED);

    Instant expired = T0.plusMillis(LEASE_MS + 1);
    assertThat(store.jobRescueExpired(expired, attempt -> 0L))
        .singleElement()
        .satisfies(x -> assertThat(x.newState()).isEqualTo(JobState.CANCELLED));

    Job ended = reader.jobGet(j.jobId()).orElseThrow();
    assertThat(ended.status()).isEqualTo(JobState.CANCELLED);
    assertThat(ended.completedAt()).isEqualTo(expired);
    assertThat(ended.message()).contains("Cancelled");
    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(document(r.document().documentId()).status()).isEqualTo("cancelled");
    assertThat(store.jobClaim(new ClaimRequest("w2", Priority.LOW, LONG_AFTER, LONG_AFTER)))
        .isEmpty();
  }

  @Test
  void aCancelledJobOnItsLastAttemptWhoseWorkerDiedEndsCancelledNotFailed() {
    EnqueueResult r = enqueue("last", T0);
    Instant t = T0;
    for (int attempt = 1; attempt < 3; attempt++) {
      claim(t);
      t = t.plusMillis(LEASE_MS + 1);
      store.jobRescueExpired(t, a -> 0L);
    }
    Job last = runningWithChunks(r.document().documentId(), 1, t);
    assertThat(last.attempt()).isEqualTo(3);
    store.jobCancel(last.jobId(), t);

    // Even when the lease lapsed during a database outage: the client's cancel stands.
    store.jobRescueExpired(t.plusMillis(LEASE_MS + 1), a -> 0L, leaseUntil -> true);

    assertThat(reader.jobGet(last.jobId()).orElseThrow().status()).isEqualTo(JobState.CANCELLED);
    assertThat(store.chunkCountForJob(last.jobId())).isZero();
  }

  // ---- a cancel the worker has not seen yet when it puts the job back in the queue

  /**
   * A running job with chunks whose client asked to cancel it; its worker has not seen the request
   * (the next heartbeat is up to 2 s away) and is about to put the job back in the queue.
   */
  private Job cancelRequestedBeforeTheWorkerSawIt(String documentId, Instant at) {
    Job j = runningWithChunks(documentId, 2, at);
    assertThat(store.jobCancel(j.jobId(), at)).isEqualTo(CancelOutcome.REQUESTED);
    return j;
  }

  /** The job ended cancelled for good: no chunks left, its document cancelled, never claimed. */
  private void assertEndedCancelled(Job j, String documentId, Instant at) {
    Job ended = reader.jobGet(j.jobId()).orElseThrow();
    assertThat(ended.status()).isEqualTo(JobState.CANCELLED);
    assertThat(ended.completedAt()).isEqualTo(at);
    assertThat(ended.leaseUntil()).isNull();
    assertThat(ended.message()).contains("Cancelled");
    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(document(documentId).status()).isEqualTo("cancelled");
    assertThat(store.jobClaim(new ClaimRequest("w2", Priority.LOW, LONG_AFTER, LONG_AFTER)))
        .as("a cancelled job is never run again")
        .isEmpty();
    assertThat(store.jobRetryLaterIfOwned(j.fence(), "late", LONG_AFTER, LONG_AFTER))
        .as("fenced: the job is no longer the worker's")
        .isEqualTo(RequeueOutcome.NOT_OWNED);
  }

  @Test
  void aCancelledJobWhoseAttemptFailsEndsCancelledInsteadOfWaitingToRetry() {
    String doc = enqueue("retry-cancel", T0).document().documentId();
    Job j = cancelRequestedBeforeTheWorkerSawIt(doc, T0);

    Instant at = T0.plusSeconds(1);
    assertThat(store.jobRetryLaterIfOwned(j.fence(), "io", at, at))
        .isEqualTo(RequeueOutcome.CANCELLED);

    assertEndedCancelled(j, doc, at);
  }

  @Test
  void aCancelledJobWhoseLastAttemptFailsEndsCancelledNotFailed() {
    String doc = enqueue("fail-cancel", T0).document().documentId();
    Job j = cancelRequestedBeforeTheWorkerSawIt(doc, T0);

    Instant at = T0.plusSeconds(1);
    assertThat(store.jobFailIfOwned(j.fence(), "Failed after 4 attempts: io", at))
        .contains(JobState.CANCELLED);

    assertEndedCancelled(j, doc, at);
    assertThat(reader.jobGet(j.jobId()).orElseThrow().errorMessage())
        .as("the cancel, not the failure, is what the client sees")
        .isNull();
  }

  @Test
  void aJobWhoseCancelWasNotRequestedStillFailsWithItsError() {
    String doc = enqueue("fail-plain", T0).document().documentId();
    Job j = runningWithChunks(doc, 2, T0);

    assertThat(store.jobFailIfOwned(j.fence(), "PDF is encrypted", T0.plusSeconds(1)))
        .contains(JobState.FAILED);

    Job ended = reader.jobGet(j.jobId()).orElseThrow();
    assertThat(ended.status()).isEqualTo(JobState.FAILED);
    assertThat(ended.errorMessage()).isEqualTo("PDF is encrypted");
    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(document(doc).status()).isEqualTo("failed");
  }

  @Test
  void aCancelledJobHandedBackAtShutdownEndsCancelledInsteadOfGoingBackToTheQueue() {
    String doc = enqueue("release-cancel", T0).document().documentId();
    Job j = cancelRequestedBeforeTheWorkerSawIt(doc, T0);

    Instant at = T0.plusSeconds(1);
    assertThat(store.jobReleaseIfOwned(j.fence(), at)).isEqualTo(RequeueOutcome.CANCELLED);

    assertEndedCancelled(j, doc, at);
    assertThat(reader.jobGet(j.jobId()).orElseThrow().attempt())
        .as("the attempt ran; it is not un-counted")
        .isEqualTo(1);
  }

  @Test
  void aCancelledJobHandedBackInAnOutageEndsCancelledInsteadOfGoingBackToTheQueue() {
    String doc = enqueue("hand-back-cancel", T0).document().documentId();
    Job j = cancelRequestedBeforeTheWorkerSawIt(doc, T0);

    Instant at = T0.plusSeconds(1);
    assertThat(store.jobHandBackIfOwned(j.fence(), "the database was away", at))
        .isEqualTo(RequeueOutcome.CANCELLED);

    assertEndedCancelled(j, doc, at);
  }

  @Test
  void aCancelledReprocessHandedBackKeepsTheDocumentsLiveChunks() {
    String doc = enqueue("reprocess-hand-back", T0).document().documentId();
    runToCompletion(doc, 2, T0);
    reprocess(doc, T0.plusSeconds(10));
    Job j = cancelRequestedBeforeTheWorkerSawIt(doc, T0.plusSeconds(10));

    assertThat(store.jobReleaseIfOwned(j.fence(), T0.plusSeconds(11)))
        .isEqualTo(RequeueOutcome.CANCELLED);

    assertThat(store.chunkCountForJob(j.jobId())).isZero();
    assertThat(document(doc).status()).isEqualTo("completed");
    assertThat(reader.chunkPage(doc, 10, 0).total()).isEqualTo(2);
  }

  @Test
  void aJobWhoseCancelWasNotRequestedStillGoesBackToTheQueueOnEveryPath() {
    String doc = enqueue("no-cancel", T0).document().documentId();
    Job j = runningWithChunks(doc, 2, T0);
    assertThat(store.jobRetryLaterIfOwned(j.fence(), "io", T0, T0))
        .isEqualTo(RequeueOutcome.QUEUED);
    j = claim(T0);
    assertThat(store.jobReleaseIfOwned(j.fence(), T0)).isEqualTo(RequeueOutcome.QUEUED);
    j = claim(T0);
    assertThat(store.jobHandBackIfOwned(j.fence(), "away", T0)).isEqualTo(RequeueOutcome.QUEUED);

    Job again = claim(T0);
    assertThat(again.jobId()).isEqualTo(j.jobId());
    assertThat(again.checkpoint()).isEqualTo(2);
    assertThat(store.chunkCountForJob(j.jobId())).isEqualTo(2);
  }
}
