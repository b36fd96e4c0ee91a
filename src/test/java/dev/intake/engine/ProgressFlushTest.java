package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.JobState;
import dev.intake.job.Stage;
import dev.intake.testing.EnginePools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress held back by the write interval reaches the store while the step it announces runs (the
 * OCR of a page may take minutes), not only once the next progress is reported.
 */
class ProgressFlushTest {
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
  void progressHeldBackByTheIntervalIsWrittenByTheNextLeaseRenewal() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    f.start(
        ctx -> {
          ctx.progress(Stage.PARSING, 0, "Parsing report.pdf"); // a new stage: written at once
          ctx.progress(Stage.PARSING, 5, "OCR page 1 of 40"); // within the interval: held back
          release.await(60, TimeUnit.SECONDS);
          throw new IllegalStateException("released");
        },
        EnginePools.Spec.quick("flush", 1).withHeartbeat(Duration.ofMillis(500)));
    String id = f.enqueue(1);
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(f.job(id).status()).isEqualTo(JobState.PROCESSING);
                assertThat(f.job(id).message()).isEqualTo("OCR page 1 of 40");
              });
      assertThat(f.job(id).progress()).isEqualTo(5.0);
    } finally {
      release.countDown();
    }
  }
}
