package dev.intake.pipeline.ocr;

import dev.intake.pipeline.IngestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code tesseract} program, one process per page: the page goes in on stdin as a PGM, its
 * text comes back on stdout. A process per page keeps a crash or a hang to that page: the process
 * is killed at the page's time limit, and nothing of it outlives the page.
 *
 * <p>Tesseract is started with {@code OMP_THREAD_LIMIT=1}. Its OpenMP threads help one page on an
 * idle machine and hurt everywhere else: measured on a shared 2-core host, a letter page at 300 dpi
 * took 2.9 s with one thread and 11.4 s with the default; several workers OCR at once anyway.
 */
final class Tesseract {
  private static final Logger log = LoggerFactory.getLogger(Tesseract.class);

  static final String PROGRAM = "tesseract";
  static final String INSTALL_HINT = "install the tesseract-ocr package";

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

  /** More text than any page holds (a dense page is about 10 KB); the rest is dropped. */
  private static final int MAX_TEXT_BYTES = 4 << 20;

  private static final int STDERR_TAIL_BYTES = 4096;

  private final String program;
  private final String languages;

  /**
   * @param program the program to run: {@code tesseract} (found on the {@code PATH}) or a path
   * @param languages the models to read with, joined by {@code +}
   */
  Tesseract(String program, String languages) {
    this.program = program;
    this.languages = languages;
  }

  /** Why this Tesseract cannot read pages in the configured languages, or null if it can. */
  String problem() {
    Result r;
    try {
      r = run(List.of(program, "--list-langs"), null, PROBE_TIMEOUT);
    } catch (IOException e) {
      return "Tesseract is not installed (" + INSTALL_HINT + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the check for Tesseract was interrupted";
    }
    if (r.timedOut()) {
      return "Tesseract did not answer within " + PROBE_TIMEOUT.toSeconds() + " s";
    }
    if (r.exitCode() != 0) {
      log.warn("'{} --list-langs' failed ({}): {}", program, r.exitCode(), r.stderr());
      return "Tesseract does not run (" + exit(r.exitCode()) + ")";
    }
    // The first line names the data directory; each later line is one model. Tesseract 4 wrote
    // the list to stderr.
    Set<String> installed = new LinkedHashSet<>();
    (r.stdout() + "\n" + r.stderr())
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.contains(" "))
        .forEach(installed::add);
    List<String> missing = new ArrayList<>();
    for (String language : languages.split("\\+")) {
      if (!installed.contains(language)) {
        missing.add(language);
      }
    }
    return missing.isEmpty() ? null : noLanguageData(missing);
  }

  private static String noLanguageData(List<String> missing) {
    String packages =
        String.join(
            ", ",
            missing.stream()
                .map(l -> "tesseract-ocr-" + l.toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList());
    return "Tesseract has no language data for "
        + String.join(", ", missing)
        + " (INTAKE_OCR_LANGUAGES): install "
        + packages;
  }

  /**
   * Reads the text of one page.
   *
   * @param page the page's number, for messages
   * @param timeout the longest Tesseract may take; it is killed then
   * @param limitSetting the limit for the message about the time limit
   * @throws IngestException permanent {@code ocr_timeout}, {@code ocr_crashed}, {@code ocr_failed}
   *     or {@code ocr_unavailable}; transient {@code interrupted}
   */
  String recognize(GrayImage image, int page, Duration timeout, Duration limitSetting) {
    List<String> cmd = new ArrayList<>(List.of(program, "stdin", "stdout", "-l", languages));
    if (image.dpi() > 0) {
      cmd.add("--dpi");
      cmd.add(Integer.toString(image.dpi()));
    }
    Result r;
    try {
      r = run(cmd, image::writePgm, timeout);
    } catch (IOException e) {
      throw IngestException.permanent(
          "ocr_unavailable",
          "Reading page "
              + page
              + " needs OCR, but Tesseract could not be started: "
              + INSTALL_HINT,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IngestException.transientFailure("interrupted", "Parsing was interrupted", e);
    }
    if (r.timedOut()) {
      throw Ocr.pageTimedOut(page, limitSetting);
    }
    if (r.exitCode() != 0) {
      log.warn("tesseract failed on page {} ({}): {}", page, exit(r.exitCode()), r.stderr());
      if (r.stderr().contains("Failed loading language")) {
        throw IngestException.permanent(
            "ocr_unavailable", "OCR is unavailable: " + noLanguageData(List.of(languages)));
      }
      boolean signalled = r.exitCode() > 128 && r.exitCode() < 160;
      throw IngestException.permanent(
          signalled ? "ocr_crashed" : "ocr_failed",
          (signalled ? "Tesseract crashed on page " : "Tesseract could not read page ")
              + page
              + " ("
              + exit(r.exitCode())
              + ")");
    }
    return r.stdout().replace('\f', '\n');
  }

  private static String exit(int code) {
    return code > 128 && code < 160 ? "signal " + (code - 128) : "exit code " + code;
  }

  /** What a finished (or killed) run left. */
  private record Result(boolean timedOut, int exitCode, String stdout, String stderr) {}

  /** Writes a process's stdin. */
  private interface Input {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Runs {@code cmd}, feeding it {@code input} and collecting its output, each on a thread of its
   * own so that a process that stops reading or writing cannot block this thread past {@code
   * timeout}.
   */
  private static Result run(List<String> cmd, Input input, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread writer = daemon("tesseract-in", () -> feed(p, input));
    Thread reader = daemon("tesseract-out", () -> collect(p.getInputStream(), out, MAX_TEXT_BYTES));
    Thread errors =
        daemon("tesseract-err", () -> collect(p.getErrorStream(), err, STDERR_TAIL_BYTES));
    boolean exited;
    try {
      exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    if (!exited) {
      kill(p);
    }
    // The process is gone, so its pipes end and these threads with them.
    writer.join(TimeUnit.SECONDS.toMillis(5));
    reader.join(TimeUnit.SECONDS.toMillis(5));
    errors.join(TimeUnit.SECONDS.toMillis(5));
    return new Result(
        !exited,
        exited ? p.exitValue() : -1,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8).strip());
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(5, TimeUnit.SECONDS);
  }

  private static void feed(Process p, Input input) {
    try (OutputStream in = p.getOutputStream()) {
      if (input != null) {
        input.writeTo(in);
      }
    } catch (IOException e) {
      // Tesseract stopped reading: it failed or was killed, which its exit code says.
    }
  }

  /** Copies {@code in} into {@code into}, keeping at most {@code max} bytes, to its end. */
  private static void collect(InputStream in, ByteArrayOutputStream into, int max) {
    byte[] buf = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        int keep = Math.min(n, max - into.size());
        if (keep > 0) {
          synchronized (into) {
            into.write(buf, 0, keep);
          }
        }
      }
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the process is gone
    }
  }

  private static Thread daemon(String name, Runnable r) {
    return Thread.ofPlatform().daemon().name(name).start(r);
  }
}
