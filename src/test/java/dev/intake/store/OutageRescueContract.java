package dev.intake.store;

import static org.assertj.core.api.Assertions.assertThat;

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
 * What the store does for jobs caught in a database outage, on every backend: a lease that lapsed
 * in an outage, or a job its worker hands back because it could not reach the database, goes back
 * to the queue with the attempt not counted and the checkpoint kept; a group of chunks written
 * again after a lost answer changes nothing.
 */
public abstract class OutageRescueContract {
  private static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");
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

  private EnqueueResult enqueue() {
    String doc = UUID.randomUUID().toString();
    return store.documentEnqueue(
        new NewDocument(doc, "a.txt", null, 10, "sha-" + doc, "k/" + doc, 256, 32),
        new NewJob(
            UUID.randomUUID().toString(),
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            3,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        T0);
  }

  private Job claim(String worker, Instant now) {
    return store
        .jobClaim(new ClaimRequest(worker, Priority.LOW, now, now.plusMillis(LEASE_MS)))
        .orElseThrow();
  }

  private static List<StoredChunk> chunks(int from, int to) {
    List<StoredChunk> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new StoredChunk(i, "chunk " + i, 1, 1, i * 10, i * 10 + 9, 3, new float[] {i, 1}));
    }
    return out;
  }

  @Test
  void aLeaseThatLapsedInAnOutageGoesBackUncountedAndResumesFromItsCheckpoint() {
    EnqueueResult r = enqueue();
    Job first = claim("w1", T0);
    store.chunksAppendIfOwned(first.fence(), r.document().documentId(), chunks(0, 2), 2, T0);
    Instant later = T0.plusMillis(LEASE_MS + 1);

    List<RescuedJob> rescued = store.jobRescueExpired(later, a -> 60_000L, leaseUntil -> true);

    assertThat(rescued)
        .singleElement()
        .extracting(RescuedJob::newState)
        .isEqualTo(JobState.PENDING);
    Job queued = reader.jobGet(first.jobId()).orElseThrow();
    assertThat(queued.status()).isEqualTo(JobState.PENDING);
    assertThat(queued.attempt()).isZero();
    assertThat(queued.runAt()).isEqualTo(later); // no backoff: nothing failed
    assertThat(queued.message()).contains("could not reach the database");
    Job second = claim("w2", later);
    assertThat(second.attempt()).isEqualTo(1);
    assertThat(second.retryCount()).isZero();
    assertThat(second.checkpoint()).isEqualTo(2);
  }

  @Test
  void theOutageRuleDecidesPerLeaseAndOthersAreCountedAsBefore() {
    Instant outageStart = T0.plusSeconds(10);
    enqueue();
    Job early = // lapsed before the outage began: its worker had died
        store
            .jobClaim(new ClaimRequest("w1", Priority.LOW, T0, outageStart.minusSeconds(1)))
            .orElseThrow();
    enqueue();
    Job inOutage = claim("w2", T0);
    Instant later = T0.plusMillis(LEASE_MS + 1);

    List<RescuedJob> rescued =
        store.jobRescueExpired(later, a -> 0L, leaseUntil -> leaseUntil.isAfter(outageStart));

    assertThat(rescued).hasSize(2);
    Job counted = reader.jobGet(early.jobId()).orElseThrow();
    assertThat(counted.status()).isEqualTo(JobState.RETRYING);
    assertThat(counted.attempt()).isEqualTo(1);
    Job uncounted = reader.jobGet(inOutage.jobId()).orElseThrow();
    assertThat(uncounted.status()).isEqualTo(JobState.PENDING);
    assertThat(uncounted.attempt()).isZero();
  }

  @Test
  void aJobAClientAskedToCancelIsNotQueuedAgainByTheOutageRule() {
    enqueue();
    Job j = claim("w1", T0);
    assertThat(store.jobCancel(j.jobId(), T0)).isEqualTo(CancelOutcome.REQUESTED);

    store.jobRescueExpired(T0.plusMillis(LEASE_MS + 1), a -> 0L, leaseUntil -> true);

    Job after = reader.jobGet(j.jobId()).orElseThrow();
    assertThat(after.status()).isNotIn(JobState.PENDING, JobState.PROCESSING);
    assertThat(after.attempt()).isEqualTo(1);
  }

  @Test
  void aWorkerHandsItsJobBackUncountedAndOnlyItsOwn() {
    EnqueueResult r = enqueue();
    Job j = claim("w1", T0);
    store.chunksAppendIfOwned(j.fence(), r.document().documentId(), chunks(0, 3), 3, T0);
    Job impostor =
        new Job(
            j.jobId(),
            j.taskType(),
            j.priority(),
            j.status(),
            j.stage(),
            j.progress(),
            j.message(),
            j.createdAt(),
            j.startedAt(),
            j.completedAt(),
            j.updatedAt(),
            j.runAt(),
            j.attempt(),
            j.maxAttempts(),
            j.errorMessage(),
            "someone-else",
            j.leaseUntil(),
            j.documentId(),
            j.parentJobId(),
            j.params(),
            j.resultJson(),
            j.cancelRequested(),
            j.checkpoint());

    assertThat(store.jobHandBackIfOwned(impostor.fence(), "not mine", T0))
        .isEqualTo(RequeueOutcome.NOT_OWNED);
    assertThat(store.jobHandBackIfOwned(j.fence(), "the database was away", T0.plusSeconds(1)))
        .isEqualTo(RequeueOutcome.QUEUED);

    Job back = reader.jobGet(j.jobId()).orElseThrow();
    assertThat(back.status()).isEqualTo(JobState.PENDING);
    assertThat(back.attempt()).isZero();
    assertThat(back.workerId()).isNull();
    assertThat(back.message()).isEqualTo("the database was away");
    assertThat(claim("w2", T0.plusSeconds(1)).checkpoint()).isEqualTo(3);
    assertThat(store.jobHandBackIfOwned(j.fence(), "again", T0.plusSeconds(2)))
        .isEqualTo(RequeueOutcome.NOT_OWNED);
  }

  @Test
  void writingAGroupOfChunksAgainAfterALostAnswerChangesNothing() {
    EnqueueResult r = enqueue();
    String doc = r.document().documentId();
    Job j = claim("w1", T0);
    assertThat(store.chunksAppendIfOwned(j.fence(), doc, chunks(0, 4), 4, T0)).isTrue();
    assertThat(store.chunksAppendIfOwned(j.fence(), doc, chunks(0, 4), 4, T0)).isTrue();
    assertThat(store.chunkCountForJob(j.jobId())).isEqualTo(4);
  }
}
