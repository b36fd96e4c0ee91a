package dev.intake.http;

import dev.intake.store.FinishedPerMinute;
import dev.intake.store.JobReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs completed and failed per minute over the last hour, every minute present (zeros where none
 * ended), oldest first; the current minute, still running, is the last.
 */
record Throughput(Instant since, int windowMinutes, List<Minute> perMinute) {
  static final int WINDOW_MINUTES = 60;

  record Minute(Instant minute, long completed, long failed) {}

  static Throughput lastHour(JobReader reader, Instant now) {
    Instant current = now.truncatedTo(ChronoUnit.MINUTES);
    Instant since = current.minus(WINDOW_MINUTES - 1, ChronoUnit.MINUTES);
    Map<Instant, FinishedPerMinute> found = new HashMap<>();
    for (FinishedPerMinute m : reader.finishedPerMinute(since)) {
      found.put(m.minute(), m);
    }
    List<Minute> minutes = new ArrayList<>(WINDOW_MINUTES);
    for (int i = 0; i < WINDOW_MINUTES; i++) {
      Instant minute = since.plus(i, ChronoUnit.MINUTES);
      FinishedPerMinute m = found.get(minute);
      minutes.add(new Minute(minute, m == null ? 0 : m.completed(), m == null ? 0 : m.failed()));
    }
    return new Throughput(since, WINDOW_MINUTES, minutes);
  }
}
