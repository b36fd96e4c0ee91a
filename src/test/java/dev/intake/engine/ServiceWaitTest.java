package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.job.JobState;
import dev.intake.job.Stage;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.embed.OpenAiCompatibleEmbeddingModel;
import dev.intake.testing.EnginePools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job whose shared service (the embedding endpoint) cannot be used waits for it in place: its
 * attempt is not spent however long it waits, the time does not count against its time limit, its
 * progress says why it waits, and a cancel or a failure of another kind ends the wait.
 */
class ServiceWaitTest {
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

  private static IngestException unavailable() {
    return IngestException.transientFailure(
        OpenAiCompatibleEmbeddingModel.UNAVAILABLE,
        "Could not connect to the embedding service at tei",
        null);
  }

  /** A handler whose "service" is unavailable until {@code up} is set. */
  private JobHandler waitingFor(AtomicBoolean up, AtomicInteger calls) {
    return ctx -> {
      ctx.progress(Stage.EMBEDDING, 40, "Embedding");
      ServiceWait.untilAvailable(
          ctx,
          Stage.EMBEDDING,
          () -> {
            calls.incrementAndGet();
            if (!up.get()) {
              throw unavailable();
            }
            return "vectors";
          },
          OpenAiCompatibleEmbeddingModel::isUnavailable);
      return EngineFixture.done(ctx);
    };
  }

  @Test
  void aJobWaitsForAnUnavailableServiceWithoutSpendingItsAttemptOrItsTimeLimit() {
    AtomicBoolean up = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    // A time limit of 5 s, and a wait three times as long (seven calls: pauses of 0.25 s doubling
    // to 8 s in between, 15.75 s in all): the wait must not count against it.
    f.start(
        waitingFor(up, calls),
        EnginePools.Spec.quick("wait", 1).withTimeout(Duration.ofSeconds(5)));
    String id = f.enqueue(1); // one attempt only: a spent attempt would fail the job
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> String.valueOf(f.job(id).message()).startsWith("Waiting: Could not connect"));
    await().atMost(Duration.ofSeconds(90)).until(() -> calls.get() >= 7);
    assertThat(f.job(id).status()).isEqualTo(JobState.PROCESSING);
    assertThat(f.job(id).attempt()).isEqualTo(1);

    up.set(true);
    f.awaitState(id, JobState.COMPLETED);
    assertThat(f.job(id).attempt()).as("no attempt spent on the wait").isEqualTo(1);
  }

  @Test
  void aCancelEndsTheWait() {
    AtomicInteger calls = new AtomicInteger();
    f.start(waitingFor(new AtomicBoolean(), calls), EnginePools.Spec.quick("wait", 1));
    String id = f.enqueue(3);
    await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() >= 2);
    f.store.jobCancel(id, java.time.Instant.now());
    f.awaitState(id, JobState.CANCELLED);
  }

  @Test
  void anotherFailureDuringTheWaitIsTheJobsAndSpendsTheAttempt() {
    AtomicInteger calls = new AtomicInteger();
    f.start(
        ctx ->
            ServiceWait.untilAvailable(
                ctx,
                Stage.EMBEDDING,
                () -> {
                  if (calls.incrementAndGet() < 3) {
                    throw unavailable();
                  }
                  throw IngestException.transientFailure(
                      "embedding_failed", "The embedding service at tei answered HTTP 500", null);
                },
                OpenAiCompatibleEmbeddingModel::isUnavailable),
        EnginePools.Spec.quick("wait", 1));
    String id = f.enqueue(1);
    f.awaitState(id, JobState.FAILED);
    assertThat(f.job(id).errorMessage()).contains("answered HTTP 500");
    assertThat(calls.get()).isEqualTo(3);
  }
}
