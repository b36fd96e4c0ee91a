package dev.intake.sandbox;

import dev.intake.health.HealthRegistry;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.parse.ParseSummary;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser sandbox: {@link SandboxSettings#processes()} parser children, started ahead, each lent
 * to one worker for one document at a time. A child is replaced by a fresh one after {@link
 * SandboxSettings#recycleAfter()} documents, and at once when it dies, runs out of memory, overruns
 * the time limit or is stopped mid-document; that document fails (see {@link ParserProcess#parse})
 * and every other job carries on. Replacements start on a thread of the pool's own, one at a time.
 *
 * <p>Reports under {@link #HEALTH_PART}: {@code ok} while every child is up, {@code degraded} while
 * one that failed or was stopped is being replaced (not a recycled one), {@code down} while
 * children cannot start (retried with a backoff from 1 s to 30 s). Each replacement is counted
 * through {@code onRestart}, with the reason.
 *
 * <p>Each child says when it is ready whether it can OCR; the pool reports that under {@link
 * #OCR_HEALTH_PART}: {@code ok}, or {@code down} with the reason (Tesseract is not installed, a
 * language is missing). With OCR off nothing is reported.
 */
public final class ParserPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ParserPool.class);

  public static final String HEALTH_PART = "parser";
  public static final String OCR_HEALTH_PART = "ocr";
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final SandboxSettings settings;
  private final HealthRegistry health;
  private final Consumer<String> onRestart;
  private final ExecutorService starter =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("parser-starter").unstarted(r));
  private final Deque<ParserProcess> idle = new ArrayDeque<>();
  private final List<ParserProcess> leased = new ArrayList<>();
  private int starting;
  private int failedStarts;
  private String lastStartFailure;
  private boolean closed;

  /**
   * @param onRestart told the reason each time a child is replaced ({@code recycled}, {@code
   *     crashed}, {@code out_of_memory}, {@code timed_out}, {@code stopped}, {@code start_failed})
   */
  public ParserPool(SandboxSettings settings, HealthRegistry health, Consumer<String> onRestart) {
    this.settings = settings;
    this.health = health;
    this.onRestart = onRestart;
  }

  /** Starts the children ahead of the first document; otherwise the first lease starts them. */
  public synchronized void prestart() {
    fill();
  }

  /**
   * Parses and chunks one document in a parser child. Waits for a free child if all are busy or
   * starting.
   *
   * @param activeCheck run while waiting, at least every 100 ms: throws to abandon the document
   * @throws dev.intake.pipeline.IngestException the document's failure; see {@link
   *     ParserProcess#parse}
   */
  public ParseSummary parse(ParseRequest request, ChunkListener listener, Runnable activeCheck) {
    ParserProcess child = lease(activeCheck);
    try {
      return child.parse(request, listener, activeCheck);
    } finally {
      release(child);
    }
  }

  /** The process ids of the children that are up now; for tests and diagnostics. */
  public synchronized List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    idle.forEach(p -> pids.add(p.pid()));
    leased.forEach(p -> pids.add(p.pid()));
    return pids;
  }

  /** The process ids of the children lent to a worker now; for tests. */
  synchronized List<Long> leasedPids() {
    return leased.stream().map(ParserProcess::pid).toList();
  }

  private synchronized ParserProcess lease(Runnable activeCheck) {
    long waitedSince = System.nanoTime();
    while (true) {
      if (closed) {
        throw SandboxFailures.unavailable("the parser sandbox is shut down");
      }
      ParserProcess child = idle.pollFirst();
      if (child != null && child.isAlive()) {
        leased.add(child);
        return child;
      }
      if (child != null) {
        child.endFor(ParserProcess.End.CRASHED);
        retire(child); // died while idle
        continue;
      }
      fill();
      if (lastStartFailure != null && System.nanoTime() - waitedSince > START_TIMEOUT.toNanos()) {
        throw SandboxFailures.unavailable("parser processes cannot start: " + lastStartFailure);
      }
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        activeCheck.run();
        throw SandboxFailures.unavailable("interrupted while waiting for a parser process");
      }
      activeCheck.run();
    }
  }

  private synchronized void release(ParserProcess child) {
    leased.remove(child);
    if (child.usable() && child.documents() >= settings.recycleAfter()) {
      child.endFor(ParserProcess.End.RECYCLED);
    } else if (!child.usable()) {
      child.endFor(ParserProcess.End.STOPPED);
    }
    if (closed || child.end() != null) {
      retire(child);
      return;
    }
    idle.addFirst(child); // the warmest child first
    notifyAll();
  }

  /** Destroys a child and starts its replacement. */
  private void retire(ParserProcess child) {
    child.destroy();
    if (closed) {
      return;
    }
    ParserProcess.End why = child.end();
    if (why != ParserProcess.End.RECYCLED) {
      health.degraded(HEALTH_PART, "replacing a parser process (" + why.label() + ")");
    }
    onRestart.accept(why.label());
    fill();
  }

  /** Starts children until the pool is full again. */
  private void fill() {
    while (!closed && idle.size() + leased.size() + starting < settings.processes()) {
      starting++;
      starter.execute(this::startOne);
    }
  }

  private void startOne() {
    String failure;
    ParserProcess child = null;
    try {
      child = ParserProcess.start(settings);
      failure = child.awaitReady(START_TIMEOUT);
    } catch (IOException | RuntimeException e) {
      failure = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    }
    synchronized (this) {
      starting--;
      if (failure == null && !closed) {
        failedStarts = 0;
        lastStartFailure = null;
        reportOcr(child.ocrProblem());
        idle.addLast(child);
        notifyAll();
        if (starting == 0 && idle.size() + leased.size() >= settings.processes()) {
          health.ok(HEALTH_PART);
        }
        return;
      }
      if (child != null) {
        child.destroy();
      }
      if (closed) {
        return;
      }
      failedStarts++;
      lastStartFailure = failure;
      log.error("a parser process could not start: {}", failure);
      health.down(HEALTH_PART, "parser processes cannot start: " + failure);
      onRestart.accept(ParserProcess.End.START_FAILED.label());
    }
    backOff(failedStartsNow());
    synchronized (this) {
      fill();
    }
  }

  private void reportOcr(String problem) {
    if (settings.ocr().mode() == OcrMode.OFF) {
      return;
    }
    if (problem == null) {
      health.ok(OCR_HEALTH_PART);
    } else {
      health.down(OCR_HEALTH_PART, problem + "; images and pages without text cannot be read");
    }
  }

  private synchronized int failedStartsNow() {
    return failedStarts;
  }

  private static void backOff(int failedStarts) {
    long millis = Math.min(30_000, 1000L << Math.min(5, Math.max(0, failedStarts - 1)));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every child; a document being parsed fails as interrupted. */
  @Override
  public void close() {
    List<ParserProcess> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(idle);
      all.addAll(leased);
      idle.clear();
      notifyAll();
    }
    all.forEach(ParserProcess::destroy);
    starter.shutdownNow();
    health.remove(HEALTH_PART);
    health.remove(OCR_HEALTH_PART);
  }
}
