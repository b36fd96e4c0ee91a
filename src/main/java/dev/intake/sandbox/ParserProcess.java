package dev.intake.sandbox;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.parse.ParseSummary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parent's handle on one parser child: starts it, sends it one request at a time and turns its
 * answer, or its death, into the result or the failure of that document. A reader thread moves the
 * child's frames into a bounded queue, so the worker thread can keep an eye on the time limit and
 * on its job's stop flag while it waits; the child's stderr is copied to this process's, long lines
 * cut (see {@link ChildStderr}).
 *
 * <p>Not thread-safe: one worker thread uses a child at a time (see {@link ParserPool}).
 */
final class ParserProcess {
  private static final Logger log = LoggerFactory.getLogger(ParserProcess.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Why a child was replaced; the label of the restart metric. */
  enum End {
    RECYCLED,
    CRASHED,
    OUT_OF_MEMORY,
    TIMED_OUT,
    STOPPED,
    START_FAILED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Process process;
  private final SandboxSettings settings;
  private final DataOutputStream requests;
  private final BlockingQueue<ChildMessage> messages = new LinkedBlockingQueue<>(1024);
  private volatile boolean destroyed;
  private int documents;
  private boolean usable = true;
  private End end;
  private String ocrProblem;

  private ParserProcess(Process process, SandboxSettings settings) {
    this.process = process;
    this.settings = settings;
    this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
    String name = "parser-" + process.pid();
    Thread.ofPlatform().daemon().name(name + "-out").start(this::readFrames);
    Thread.ofPlatform().daemon().name(name + "-err").start(this::copyStderr);
  }

  /** Starts a child; it is ready once {@link #awaitReady} says so. */
  static ParserProcess start(SandboxSettings settings) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(settings.priority().command(command(settings)));
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
    pb.redirectError(ProcessBuilder.Redirect.PIPE);
    return new ParserProcess(pb.start(), settings);
  }

  static List<String> command(SandboxSettings settings) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + settings.heapMb() + "m");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    // One document at a time in a small heap: the serial collector has the least overhead.
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:-UsePerfData");
    // Stdout carries frames only: the JVM's own warnings and logs must go to stderr.
    cmd.add("-XX:+DisplayVMOutputToStderr");
    cmd.add("-Xlog:disable");
    cmd.add("-Xlog:all=warning:stderr");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(ChildClasspath.current());
    cmd.add(ParserChild.class.getName());
    cmd.add(Integer.toString(settings.maxCharacters()));
    cmd.add(Integer.toString(settings.maxChunks()));
    cmd.add(settings.ocr().mode().settingValue());
    cmd.add(settings.ocr().languages());
    cmd.add(Long.toString(settings.ocr().pageTimeout().toMillis()));
    cmd.add(Integer.toString(settings.ocr().maxPages()));
    return cmd;
  }

  long pid() {
    return process.pid();
  }

  /** Documents this child was given. */
  int documents() {
    return documents;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Whether the child answered every request it was given and can take another. */
  boolean usable() {
    return usable && process.isAlive();
  }

  /** Why this child cannot OCR, as its READY frame said; null if it can. */
  String ocrProblem() {
    return ocrProblem;
  }

  /** Why the child was given up, once it was; null while it is usable. */
  End end() {
    return end;
  }

  /**
   * Waits until the child has loaded its parsers.
   *
   * @return null when ready, else why it is not
   */
  String awaitReady(Duration timeout) throws InterruptedException {
    ChildMessage first = messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return switch (first) {
      case ChildMessage.Ready r -> {
        ocrProblem = r.ocrProblem();
        yield null;
      }
      case null -> "it did not start within " + timeout.toSeconds() + " s";
      case ChildMessage.Ended e -> "it exited with " + exitCode(Duration.ofSeconds(5));
      default -> "it sent " + first.getClass().getSimpleName() + " first";
    };
  }

  /**
   * Parses and chunks one document, handing pages and chunks to {@code listener} as they arrive.
   * {@code activeCheck} runs between frames and at least every 100 ms; if it or the listener
   * throws, the exception passes through and the child, stopped mid-document, must be destroyed.
   *
   * @throws IngestException the document's failure: as the child described it, or permanent when
   *     the child ran out of memory, overran the time limit or died
   */
  ParseSummary parse(ParseRequest request, ChunkListener listener, Runnable activeCheck) {
    documents++;
    usable = false; // until the request's last frame has arrived
    try {
      request.write(requests);
    } catch (IOException e) {
      end = End.CRASHED;
      throw SandboxFailures.unavailable("the parser process stopped before it read the file");
    }
    ParseClock clock =
        new ParseClock(settings.parseTimeout(), settings.ocr().pageTimeout(), System.nanoTime());
    int waitingAtDeadline = -1; // frames queued when the time limit was found overrun
    while (true) {
      activeCheck.run();
      long left = clock.deadline() - System.nanoTime();
      ChildMessage m;
      if (left <= 0) {
        // Frames that were already waiting, a DONE among them, still count; later ones do not.
        if (waitingAtDeadline < 0) {
          waitingAtDeadline = messages.size();
        }
        m = waitingAtDeadline-- > 0 ? messages.poll() : null;
        if (m == null) {
          log.warn(
              "parsing {} overran the time limit{}; stopping parser {}",
              request.filename(),
              clock.ocrPage() != 0 ? " of OCR page " + clock.ocrPage() : "",
              pid());
          end = End.TIMED_OUT;
          destroy();
          throw clock.overrun();
        }
      } else {
        waitingAtDeadline = -1;
        try {
          m = messages.poll(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          end = End.STOPPED;
          activeCheck.run();
          throw IngestException.transientFailure("interrupted", "Parsing was interrupted", e);
        }
      }
      if (m != null && !(m instanceof ChildMessage.OcrPage)) {
        clock.frameArrived(System.nanoTime());
      }
      switch (m) {
        case null -> {}
        case ChildMessage.OcrPage o -> {
          clock.ocrPageStarted(o.page(), System.nanoTime());
          listener.ocrPage(o.page(), o.totalPages());
        }
        case ChildMessage.OcrDone d -> {} // the clock has ended the OCR window above
        case ChildMessage.Page p -> listener.page(p.page(), p.totalPages());
        case ChildMessage.ChunkOut c -> listener.chunk(c.chunk());
        case ChildMessage.Done d -> {
          usable = true;
          return d.summary();
        }
        case ChildMessage.Failed f -> {
          usable = true;
          throw f.permanent()
              ? IngestException.permanent(f.code(), f.message())
              : IngestException.transientFailure(f.code(), f.message(), null);
        }
        case ChildMessage.Ended e -> throw died(request, e.why());
        case ChildMessage.Ready r ->
            throw died(request, "it sent READY in the middle of a document");
      }
    }
  }

  /** The failure of a document whose child died (or broke the protocol) before answering. */
  private IngestException died(ParseRequest request, String why) {
    if (destroyed) { // stopped by this process (shutting down), not by the document
      return SandboxFailures.unavailable("the parser process was stopped");
    }
    String exit = exitCode(Duration.ofSeconds(5));
    if (exit.equals("exit code " + SandboxFailures.OUT_OF_MEMORY_EXIT)) {
      end = End.OUT_OF_MEMORY;
      log.warn("parser {} ran out of memory on {}", pid(), request.filename());
      return SandboxFailures.outOfMemory(settings.heapMb());
    }
    end = End.CRASHED;
    log.warn("parser {} died on {} ({}; {})", pid(), request.filename(), why, exit);
    return SandboxFailures.crashed();
  }

  /** "exit code N" or "signal N", once the child has ended; it is killed after {@code wait}. */
  private String exitCode(Duration wait) {
    try {
      if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        killDescendants();
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killDescendants();
      process.destroyForcibly();
    }
    if (process.isAlive()) {
      return "still running";
    }
    int code = process.exitValue();
    return code > 128 && code < 160 ? "signal " + (code - 128) : "exit code " + code;
  }

  /**
   * Ends the child: closes its stdin (it exits on its own) and kills it if it is still there, with
   * any Tesseract it runs (which would otherwise finish its page, or hang, on its own).
   */
  void destroy() {
    usable = false;
    destroyed = true;
    try {
      requests.close();
    } catch (IOException ignored) {
      // the child is gone already
    }
    killDescendants();
    process.destroyForcibly();
  }

  private void killDescendants() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  /** Marks why the child is being given up, unless a reason is known already. */
  void endFor(End reason) {
    if (end == null) {
      end = reason;
    }
  }

  private void readFrames() {
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    try {
      while (true) {
        ChildMessage m = ChildMessage.read(in);
        if (!deliver(m) || m instanceof ChildMessage.Ended) {
          return;
        }
      }
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      deliver(new ChildMessage.Ended(e.getMessage()));
    }
  }

  /** Queues a message for the worker; false once nobody will read it any more. */
  private boolean deliver(ChildMessage m) {
    try {
      while (!messages.offer(m, 100, TimeUnit.MILLISECONDS)) {
        if (destroyed) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void copyStderr() {
    try (InputStream err = process.getErrorStream()) {
      ChildStderr.copy(err, System.err);
    } catch (IOException e) {
      // the child is gone
    }
  }
}
