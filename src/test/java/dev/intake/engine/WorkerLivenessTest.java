package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.JobState;
import dev.intake.store.WorkerInfo;
import dev.intake.testing.EnginePools;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busy worker stays listed, with its job, for as long as the job runs (issue acceptance 5: "a
 * worker busy on one document for 5 minutes is listed on every poll"). Scaled down: with the
 * default heartbeat of 5 s, 5 minutes are 60 heartbeat intervals; here the interval is 250 ms and
 * the job stays busy for 60 of them (15 s), polled every 50 ms through the same query as {@code
 * /workers} (heartbeat within two intervals). Before heartbeats had their own schedule a worker
 * beat only between jobs, so it vanished after two intervals of work.
 */
class WorkerLivenessTest {
  static final Duration HEARTBEAT = Duration.ofMillis(250);
  static final int INTERVALS = 60;

  @TempDir Path dir;
  EngineFixture f;

  @BeforeEach
  void open() {
    f = new EngineFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private List<WorkerInfo> listed() {
    return f.reader.workerList(Clock.systemUTC().instant().minus(HEARTBEAT.multipliedBy(2)));
  }

  @Test
  void aWorkerBusyOnOneJobIsListedWithThatJobOnEveryPoll() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    f.start(
        ctx -> {
          assertThat(release.await(2, TimeUnit.MINUTES)).isTrue();
          return EngineFixture.done(ctx);
        },
        EnginePools.Spec.quick("live", 1).withHeartbeat(HEARTBEAT));
    String id = f.enqueue(3);
    f.awaitState(id, JobState.PROCESSING);
    await() // the claim commits a moment before the worker shows its job
        .atMost(Duration.ofSeconds(5))
        .until(() -> listed().size() == 1 && id.equals(listed().get(0).currentJob()));

    Instant until = Instant.now().plus(HEARTBEAT.multipliedBy(INTERVALS));
    int polls = 0;
    while (Instant.now().isBefore(until)) {
      List<WorkerInfo> workers = listed();
      assertThat(workers).as("poll %d", polls).hasSize(1);
      assertThat(workers.get(0).currentJob()).as("poll %d", polls).isEqualTo(id);
      assertThat(workers.get(0).status()).isEqualTo("busy");
      polls++;
      Thread.sleep(50); // the poll interval of the client being imitated
    }
    assertThat(polls).isGreaterThan(INTERVALS);
    release.countDown();
    f.awaitState(id, JobState.COMPLETED);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> listed().size() == 1 && listed().get(0).currentJob() == null);
  }

  @Test
  void aStoppedPoolLeavesTheList() {
    f.start(EngineFixture::done, EnginePools.Spec.quick("live", 2).withHeartbeat(HEARTBEAT));
    await().atMost(Duration.ofSeconds(5)).until(() -> listed().size() == 2);
    f.pool().stop(Duration.ofSeconds(1));
    assertThat(listed()).isEmpty();
  }
}
