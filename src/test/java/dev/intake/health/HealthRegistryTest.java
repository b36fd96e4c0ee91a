package dev.intake.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.health.HealthRegistry.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {
  private final MutableClock clock = new MutableClock();
  private final HealthRegistry health = new HealthRegistry(clock);

  @Test
  void overallIsTheWorstPart() {
    assertThat(health.overall()).isEqualTo(Level.OK);
    health.ok("reaper");
    health.degraded("index-feeder", "skipped 1 entry");
    assertThat(health.overall()).isEqualTo(Level.DEGRADED);
    health.down("database", "unreachable");
    assertThat(health.overall()).isEqualTo(Level.DOWN);
    health.ok("database");
    health.ok("index-feeder");
    assertThat(health.overall()).isEqualTo(Level.OK);
  }

  @Test
  void sinceMovesOnlyWhenTheLevelChanges() {
    health.degraded("reaper", "restarted once");
    Instant first = health.snapshot().get("reaper").since();
    clock.now = clock.now.plusSeconds(10);
    health.degraded("reaper", "restarted twice");
    assertThat(health.snapshot().get("reaper").since()).isEqualTo(first);
    assertThat(health.snapshot().get("reaper").reason()).isEqualTo("restarted twice");
    health.ok("reaper");
    assertThat(health.snapshot().get("reaper").since()).isEqualTo(first.plusSeconds(10));
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
