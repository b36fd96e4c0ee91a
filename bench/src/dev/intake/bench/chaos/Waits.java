package dev.intake.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.testing.ApiClient;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling helpers of the scenarios. */
final class Waits {
  private Waits() {}

  /** Polls {@code condition} every 100 ms for up to {@code limit}; whether it became true. */
  static boolean until(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException notYet) {
        // the server is not answering yet
      }
      sleep(Duration.ofMillis(100));
    }
    return false;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Whether some job is in its embedding stage now. */
  static boolean embedding(ApiClient api) {
    for (JsonNode j : api.get("/api/v1/jobs?status=processing").body().path("jobs")) {
      if (j.path("message").asText().startsWith("Embedding chunk")) {
        return true;
      }
    }
    return false;
  }

  /** Waits until {@code condition} holds; the seconds it took, or throws after {@code limit}. */
  static Duration timeUntil(Duration limit, String what, BooleanSupplier condition) {
    long t0 = System.nanoTime();
    if (!until(limit, condition)) {
      throw new IllegalStateException(what + " did not happen within " + limit);
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
