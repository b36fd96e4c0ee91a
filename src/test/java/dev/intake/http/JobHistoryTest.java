package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.store.JobChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attempts read from a job's recorded changes. */
class JobHistoryTest {
  private final List<JobChange> changes = new ArrayList<>();
  private long t = 0;

  private void change(String status, String stage, int attempt, String worker, String error) {
    changes.add(
        new JobChange(
            Instant.ofEpochSecond(1_000 + t++), status, stage, attempt, worker, null, error));
  }

  private static Job job() {
    Instant now = Instant.EPOCH;
    return new Job(
        "j1",
        TaskType.SINGLE_DOCUMENT,
        Priority.HIGH,
        JobState.COMPLETED,
        null,
        100,
        null,
        now,
        now,
        now,
        now,
        now,
        2,
        4,
        null,
        null,
        null,
        "d1",
        null,
        new JobParams(256, 32, false, null),
        null,
        false,
        0);
  }

  @Test
  void eachClaimStartsAnAttemptAndTheNextStateEndsItWithItsError() {
    change("pending", null, 0, null, null);
    change("processing", null, 1, "w1", null);
    change("processing", "parsing", 1, "w1", null);
    change("retrying", "parsing", 1, "w1", "Database hiccup");
    change("processing", null, 2, "w2", "Database hiccup");
    change("processing", "embedding", 2, "w2", null);
    change("completed", null, 2, "w2", null);
    JobHistory h = JobHistory.of(job(), changes);
    assertThat(h.timeline()).hasSize(7);
    assertThat(h.attempts())
        .extracting(
            JobHistory.Attempt::attempt,
            JobHistory.Attempt::workerId,
            JobHistory.Attempt::outcome,
            JobHistory.Attempt::errorMessage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "w1", "retrying", "Database hiccup"),
            org.assertj.core.groups.Tuple.tuple(2, "w2", "completed", null));
    assertThat(h.attempts().get(0).endedAt())
        .isEqualTo(h.attempts().get(1).startedAt().minusSeconds(1));
  }

  @Test
  void aHandedBackRunEndsPendingAndARunningAttemptHasNoEnd() {
    change("pending", null, 0, null, null);
    change("processing", null, 1, "w1", null);
    change("pending", null, 0, "w1", null); // handed back: the attempt is not counted
    change("processing", null, 1, "w2", null);
    JobHistory h = JobHistory.of(job(), changes);
    assertThat(h.attempts()).hasSize(2);
    assertThat(h.attempts().get(0).outcome()).isEqualTo("pending");
    assertThat(h.attempts().get(1).workerId()).isEqualTo("w2");
    assertThat(h.attempts().get(1).endedAt()).isNull();
    assertThat(h.attempts().get(1).outcome()).isNull();
    assertThat(h.truncated()).isFalse();
  }

  @Test
  void aBatchThatNoWorkerClaimsHasNoAttempts() {
    change("processing", null, 0, null, null); // a batch parent is processing from the start
    change("completed", null, 0, null, null);
    assertThat(JobHistory.of(job(), changes).attempts()).isEmpty();
  }
}
