package dev.intake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void delaysDoubleWithEachAttemptWithinTheJitterBand() {
    RetryPolicy p =
        new RetryPolicy(Duration.ofSeconds(2), Duration.ofHours(1), new SplittableRandom(7));
    for (int attempt = 1; attempt <= 5; attempt++) {
      long full = 2000L << (attempt - 1);
      for (int i = 0; i < 50; i++) {
        assertThat(p.delayMillis(attempt)).isBetween(full / 2, full);
      }
    }
  }

  @Test
  void delaysAreCappedAndSpreadOut() {
    RetryPolicy p =
        new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(60), new SplittableRandom(1));
    assertThat(p.delayMillis(40)).isBetween(30_000L, 60_000L);
    long a = p.delayMillis(3);
    boolean differs = false;
    for (int i = 0; i < 20 && !differs; i++) {
      differs = p.delayMillis(3) != a;
    }
    assertThat(differs).as("jitter").isTrue();
  }
}
