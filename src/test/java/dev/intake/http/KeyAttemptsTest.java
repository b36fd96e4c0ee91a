package dev.intake.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Wrong API keys per address: the allowance, the lock-out, its end, and what resets it. */
class KeyAttemptsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final KeyAttempts attempts = new KeyAttempts(clock);

  private void fail(String address, int times) {
    for (int i = 0; i < times; i++) {
      attempts.failed(address);
    }
  }

  @Test
  void tenWrongKeysLockTheAddressUntilAMinuteAfterTheFirst() {
    fail("10.0.0.1", KeyAttempts.ALLOWED - 1);
    assertThat(attempts.secondsLocked("10.0.0.1")).as("one wrong key left").isZero();
    clock.advance(Duration.ofSeconds(20));
    fail("10.0.0.1", 1);

    assertThat(attempts.secondsLocked("10.0.0.1")).isEqualTo(40);
    assertThat(attempts.secondsLocked("10.0.0.2")).as("another address").isZero();
    clock.advance(Duration.ofSeconds(39));
    assertThat(attempts.secondsLocked("10.0.0.1")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(attempts.secondsLocked("10.0.0.1")).isZero();
    fail("10.0.0.1", 1);
    assertThat(attempts.secondsLocked("10.0.0.1")).as("a new window, one key used").isZero();
  }

  @Test
  void mistakesOlderThanTheWindowNoLongerCount() {
    fail("10.0.0.1", KeyAttempts.ALLOWED - 1);
    clock.advance(KeyAttempts.WINDOW);
    fail("10.0.0.1", KeyAttempts.ALLOWED - 1);
    assertThat(attempts.secondsLocked("10.0.0.1")).isZero();
  }

  @Test
  void aRightKeyForgetsTheMistakes() {
    fail("10.0.0.1", KeyAttempts.ALLOWED - 1);
    attempts.succeeded("10.0.0.1");
    fail("10.0.0.1", KeyAttempts.ALLOWED - 1);
    assertThat(attempts.secondsLocked("10.0.0.1")).isZero();
  }

  @Test
  void atMostSoManyAddressesAreRemembered() {
    fail("first", KeyAttempts.ALLOWED);
    for (int i = 0; i < KeyAttempts.MAX_ADDRESSES; i++) {
      attempts.failed("10.1." + i);
    }
    assertThat(attempts.secondsLocked("first")).as("forgotten, the least recently seen").isZero();
    assertThat(attempts.remembered()).isEqualTo(KeyAttempts.MAX_ADDRESSES);
  }
}
