package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.ClaimRequest;
import dev.intake.store.Heartbeat;
import dev.intake.store.NewDocument;
import dev.intake.store.NewJob;
import dev.intake.store.RescuedJob;
import dev.intake.store.StoreAvailability;
import dev.intake.store.jdbc.Database;
import dev.intake.store.jdbc.JdbcJobReader;
import dev.intake.store.jdbc.JdbcJobStore;
import dev.intake.testing.ManualClock;
import dev.intake.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper after a database outage, driven step by step on a real store with a clock the test
 * moves: every lease lapsed during the outage, yet no job loses an attempt.
 */
class ReaperOutageTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:30:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(T0);
  private final StoreAvailability availability = new StoreAvailability(clock);
  private Database db;
  private JdbcJobStore store;
  private JdbcJobReader reader;
  private Reaper reaper;

  @BeforeEach
  void open() {
    db = TestDatabases.sqlite(dir);
    store = new JdbcJobStore(db);
    reader = new JdbcJobReader(db);
    reaper =
        new Reaper(
            store,
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), new SplittableRandom(1)),
            new WakeSignal(),
            clock,
            Duration.ofHours(1),
            new OutageGrace(availability, LEASE));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Job enqueueAndClaim(String worker) {
    String doc = UUID.randomUUID().toString();
    store.documentEnqueue(
        new NewDocument(doc, "a.txt", null, 1, "sha-" + doc, "k", 256, 32),
        new NewJob(
            UUID.randomUUID().toString(),
            TaskType.SINGLE_DOCUMENT,
            Priority.HIGH,
            3,
            doc,
            null,
            new JobParams(256, 32, false, null),
            "Queued"),
        clock.instant());
    Instant now = clock.instant();
    return store
        .jobClaim(new ClaimRequest(worker, Priority.LOW, now, now.plus(LEASE)))
        .orElseThrow();
  }

  private Job reread(Job j) {
    return reader.jobGet(j.jobId()).orElseThrow();
  }

  private void at(int seconds) {
    clock.set(T0.plusSeconds(seconds));
  }

  @Test
  void liveWorkersKeepTheirJobsAndAJobLeftBehindGoesBackUncounted() {
    Job alive = enqueueAndClaim("alive"); // its worker survives the outage
    Job orphan = enqueueAndClaim("orphan"); // its worker dies during it
    at(5);
    availability.down("connection refused");
    at(60); // both leases lapsed at 30
    assertThat(reaper.runOnce()).as("nothing is rescued while the outage lasts").isEmpty();
    at(65);
    availability.up();

    at(80); // back for 15 s, less than a lease
    assertThat(reaper.runOnce()).as("live workers get a lease to renew").isEmpty();
    assertThat(store.jobHeartbeat(alive.fence(), clock.instant().plus(LEASE)))
        .isEqualTo(Heartbeat.OWNED);

    at(96); // a lease after the outage: whoever did not renew is gone
    assertThat(reaper.runOnce())
        .singleElement()
        .satisfies(r -> assertThat(r.jobId()).isEqualTo(orphan.jobId()))
        .extracting(RescuedJob::newState)
        .isEqualTo(JobState.PENDING);
    assertThat(reread(orphan).attempt()).as("the outage is not counted").isZero();
    assertThat(reread(alive).status()).isEqualTo(JobState.PROCESSING);
    assertThat(reread(alive).attempt()).isEqualTo(1);
  }

  @Test
  void aWorkerThatDiesAfterTheOutageCostsItsJobAnAttemptAsBefore() {
    at(5);
    availability.down("no answer in time");
    at(20);
    availability.up();
    at(100);
    Job j = enqueueAndClaim("dies-later");
    at(131);
    assertThat(reaper.runOnce())
        .singleElement()
        .extracting(RescuedJob::newState)
        .isEqualTo(JobState.RETRYING);
    assertThat(reread(j).attempt()).isEqualTo(1);
  }
}
