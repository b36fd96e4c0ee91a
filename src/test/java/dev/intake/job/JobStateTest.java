package dev.intake.job;

import static dev.intake.job.JobState.CANCELLED;
import static dev.intake.job.JobState.COMPLETED;
import static dev.intake.job.JobState.FAILED;
import static dev.intake.job.JobState.PENDING;
import static dev.intake.job.JobState.PROCESSING;
import static dev.intake.job.JobState.RETRYING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStateTest {
  @Test
  void completedIsTerminal() {
    for (JobState s : JobState.values()) {
      assertThat(COMPLETED.canTransitionTo(s)).isFalse();
    }
  }

  @Test
  void onlyAWorkerMovesAJobOutOfProcessing() {
    assertThat(PENDING.canTransitionTo(COMPLETED)).isFalse();
    assertThat(PENDING.canTransitionTo(PROCESSING)).isTrue();
    assertThat(PROCESSING.canTransitionTo(RETRYING)).isTrue();
    assertThat(RETRYING.canTransitionTo(COMPLETED)).isFalse();
  }

  @Test
  void failedAndCancelledJobsCanOnlyBeQueuedAgain() {
    assertThat(FAILED.canTransitionTo(PENDING)).isTrue();
    assertThat(CANCELLED.canTransitionTo(PENDING)).isTrue();
    assertThat(FAILED.canTransitionTo(PROCESSING)).isFalse();
    assertThat(FAILED.isFinished()).isTrue();
    assertThat(RETRYING.isFinished()).isFalse();
  }

  @Test
  void wireNamesRoundTrip() {
    for (JobState s : JobState.values()) {
      assertThat(JobState.fromWire(s.wireName())).isEqualTo(s);
    }
    assertThat(Priority.fromWire("Medium")).isEqualTo(Priority.MEDIUM);
  }
}
