package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.blob.BlobUnavailableException;
import dev.intake.job.Job;
import dev.intake.job.JobState;
import dev.intake.testing.EnginePools;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A blob store that cannot be reached is infrastructure: the job waits, its attempts are kept. */
class BlobOutageWorkerTest {
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

  @Test
  void aJobWhoseBlobStoreIsAwayGoesBackUncountedAndCompletesOnceItIsBack() {
    AtomicInteger runs = new AtomicInteger();
    f.start(
        ctx -> {
          if (runs.incrementAndGet() <= 5) { // more outages than the job has attempts
            throw new BlobUnavailableException("timed out", null);
          }
          return EngineFixture.done(ctx);
        },
        EnginePools.Spec.quick("blob-outage", 1));
    String id = f.enqueue(2);

    f.awaitState(id, JobState.COMPLETED);
    Job done = f.job(id);
    assertThat(runs.get()).isEqualTo(6);
    assertThat(done.attempt()).as("five hand-backs did not count").isEqualTo(1);
    assertThat(done.errorMessage()).isNull();
  }
}
