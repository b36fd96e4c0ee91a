package dev.intake.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Samples the resident memory (RSS, from {@code /proc/PID/status}) of a process and all its
 * descendants (a server and its parser children) several times a second, and keeps the peak of
 * their sum. Linux only; elsewhere it reads nothing and {@link #supported()} says so.
 */
public final class ProcessTreeMemory implements AutoCloseable {
  private static final Duration PERIOD = Duration.ofMillis(250);

  private final long pid;
  private final AtomicLong peakBytes = new AtomicLong();
  private final Thread thread;

  public ProcessTreeMemory(long pid) {
    this.pid = pid;
    this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(this::run);
  }

  public static boolean supported() {
    return Files.isReadable(Path.of("/proc/self/status"));
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      peakBytes.accumulateAndGet(sample(), Math::max);
      try {
        Thread.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The RSS of the process and its descendants now, in bytes. */
  public long sample() {
    ProcessHandle root = ProcessHandle.of(pid).orElse(null);
    if (root == null) {
      return 0;
    }
    try (Stream<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants())) {
      return tree.mapToLong(p -> rss(p.pid())).sum();
    }
  }

  public long peakBytes() {
    return peakBytes.get();
  }

  public long peakMb() {
    return peakBytes.get() >> 20;
  }

  /** VmRSS of one process, 0 if it is gone. */
  static long rss(long pid) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
          .findFirst()
          .orElse(0);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    peakBytes.accumulateAndGet(sample(), Math::max);
  }
}
