package dev.intake.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks a server's {@code /api/v1/health} once a second from a thread of its own and records the
 * longest time the server went without answering: from one answer (any status) to the next, or to
 * the moment the monitor is read. A request that hangs counts for as long as it hangs.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Duration PERIOD = Duration.ofSeconds(1);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI health;
  private final AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
  private final AtomicLong longestGap = new AtomicLong();
  private final AtomicInteger answers = new AtomicInteger();
  private final AtomicInteger unanswered = new AtomicInteger();
  private final Thread thread;

  public HealthMonitor(int port) {
    this.health = URI.create("http://127.0.0.1:" + port + "/api/v1/health");
    this.thread = Thread.ofPlatform().daemon().name("health-monitor").start(this::run);
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      long started = System.nanoTime();
      try {
        http.send(
            HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(60)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        answered(System.nanoTime());
      } catch (IOException e) {
        unanswered.incrementAndGet();
      } catch (InterruptedException e) {
        return;
      }
      long next = started + PERIOD.toNanos() - System.nanoTime();
      if (next > 0) {
        try {
          Thread.sleep(Duration.ofNanos(next));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void answered(long now) {
    longestGap.accumulateAndGet(now - lastAnswer.getAndSet(now), Math::max);
    answers.incrementAndGet();
  }

  /** The longest time without an answer so far, counting the one running now. */
  public Duration longestGap() {
    long current = System.nanoTime() - lastAnswer.get();
    return Duration.ofNanos(Math.max(longestGap.get(), current));
  }

  public int answers() {
    return answers.get();
  }

  /** Requests that failed to connect or broke off, without an answer. */
  public int unanswered() {
    return unanswered.get();
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
