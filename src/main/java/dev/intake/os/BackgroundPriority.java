package dev.intake.os;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU priority of a process's background work (embedding threads, parser children, the index
 * feeder), as a Unix nice value ({@code INTAKE_BACKGROUND_NICE}, 0 to 19; 0 leaves it alone).
 *
 * <p>Why: an upload is answered by request threads that need a few milliseconds of CPU each, while
 * the embedding model would keep every core busy for minutes. At equal priority, each request waits
 * its turn behind the model; at nice 19 the scheduler gives the model only what requests leave
 * (docs/BENCHMARKS.md, "Background work at nice 19"). Only work that holds no lock a request waits
 * for is lowered: the worker threads, which write to the database, and the single database writer
 * keep their priority, so no request waits behind a starved lock holder.
 *
 * <p>On Linux niceness belongs to a thread: {@link #applyToCurrentThread} finds the calling
 * thread's id through {@code /proc/thread-self} and runs {@code renice} on it (threads and
 * processes it starts later inherit it). Child processes are started under {@code nice} ({@link
 * #command}). Where there is no {@code /proc/thread-self}, {@code renice} or {@code nice}, the work
 * runs at normal priority and this says so once in the log.
 */
public final class BackgroundPriority {
  private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);

  /** The lowest priority Unix offers, and the default. */
  public static final int LOWEST = 19;

  /** Background work at the same priority as everything else. */
  public static final BackgroundPriority NORMAL = new BackgroundPriority(0);

  private static final AtomicBoolean warned = new AtomicBoolean();

  private final int nice;
  // Kernel ids of the threads of threads() that lowered themselves and still run.
  private final Set<Long> lowered = ConcurrentHashMap.newKeySet();

  private BackgroundPriority(int nice) {
    this.nice = nice;
  }

  /** Background work at nice value {@code nice} (0 to {@value #LOWEST}). */
  public static BackgroundPriority nice(int nice) {
    if (nice < 0 || nice > LOWEST) {
      throw new IllegalArgumentException("a nice value is 0 to 19, not " + nice);
    }
    return nice == 0 ? NORMAL : new BackgroundPriority(nice);
  }

  public int niceness() {
    return nice;
  }

  /**
   * Lowers the calling platform thread to this nice value, unless it already runs at least that low
   * (a thread can raise its nice value, never lower it again without privileges). Returns whether
   * the thread now runs at this priority or lower; false, after one warning, where the system
   * offers no way to set it.
   */
  public boolean applyToCurrentThread() {
    if (nice == 0) {
      return true;
    }
    OptionalLong tid = currentThreadId();
    if (tid.isEmpty()) {
      warnOnce("this system has no /proc/thread-self");
      return false;
    }
    OptionalInt now = threadNice(tid.getAsLong());
    if (now.isPresent() && now.getAsInt() >= nice) {
      return true;
    }
    Optional<String> failed = renice(nice, List.of(tid.getAsLong()));
    if (failed.isPresent()) {
      warnOnce(failed.get());
      return false;
    }
    OptionalInt after = threadNice(tid.getAsLong());
    if (after.isEmpty() || after.getAsInt() < nice) {
      warnOnce("renice left the thread at nice " + (after.isPresent() ? after.getAsInt() : "?"));
      return false;
    }
    return true;
  }

  /**
   * Threads from {@code base} that lower themselves ({@link #applyToCurrentThread}) first; {@link
   * #restoreThreads} raises those still running back.
   */
  public ThreadFactory threads(ThreadFactory base) {
    if (nice == 0) {
      return base;
    }
    return runnable ->
        base.newThread(
            () -> {
              OptionalLong tid = applyToCurrentThread() ? currentThreadId() : OptionalLong.empty();
              tid.ifPresent(lowered::add);
              try {
                runnable.run();
              } finally {
                tid.ifPresent(lowered::remove);
              }
            });
  }

  /**
   * Raises the threads of {@link #threads} that are still running back to the process's own
   * priority, for work that must end now: a shutdown that waits for a native call on a thread which
   * other processes starve. Raising a priority needs privileges (root, {@code CAP_SYS_NICE} or a
   * {@code RLIMIT_NICE} that allows it); returns whether every such thread now runs at the
   * process's priority, and says why not in the log.
   */
  public boolean restoreThreads() {
    List<Long> running = new ArrayList<>();
    for (long tid : lowered) {
      if (Files.exists(Path.of("/proc/self/task/" + tid))) { // not a number reused elsewhere
        running.add(tid);
      }
    }
    if (running.isEmpty()) {
      return true;
    }
    int base = processNice(ProcessHandle.current().pid()).orElse(0);
    Optional<String> failed = renice(base, running);
    boolean restored = running.stream().allMatch(tid -> threadNice(tid).orElse(base) <= base);
    if (!restored) {
      log.info(
          "could not raise {} background threads back to nice {}: {}",
          running.size(),
          base,
          failed.orElse("this process may not raise a priority"));
    }
    return restored;
  }

  /** Runs {@code renice} to set threads {@code tids} to {@code value}; why not, if it failed. */
  private static Optional<String> renice(int value, List<Long> tids) {
    Path renice = onPath("renice");
    if (renice == null) {
      return Optional.of("there is no renice program on the PATH");
    }
    // "renice N -p ID..." sets N itself in util-linux, BusyBox and BSD alike; "-n N" adds N in
    // some of them.
    List<String> command = new ArrayList<>(List.of(renice.toString(), Integer.toString(value)));
    command.add("-p");
    tids.forEach(tid -> command.add(Long.toString(tid)));
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("renice did not finish within 5 s");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("renice could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /**
   * {@code command} run under {@code nice} at this priority (every thread of the child, and every
   * process it starts, inherits it); {@code command} itself where there is no {@code nice} program.
   */
  public List<String> command(List<String> command) {
    if (nice == 0) {
      return command;
    }
    // A child inherits the nice value of the thread that starts it; nice adds to that.
    OptionalLong tid = currentThreadId();
    OptionalInt now = tid.isPresent() ? threadNice(tid.getAsLong()) : OptionalInt.empty();
    int adjustment = nice - now.orElse(0);
    if (adjustment <= 0) {
      return command; // already at least as low
    }
    Path program = onPath("nice");
    if (program == null) {
      warnOnce("there is no nice program on the PATH");
      return command;
    }
    List<String> niced = new ArrayList<>(command.size() + 3);
    niced.add(program.toString());
    niced.add("-n");
    niced.add(Integer.toString(adjustment));
    niced.addAll(command);
    return niced;
  }

  /** The kernel's id of the calling thread, where {@code /proc/thread-self} tells it. */
  public static OptionalLong currentThreadId() {
    try {
      // "<pid>/task/<tid>"
      Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      return OptionalLong.of(Long.parseLong(link.getFileName().toString()));
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The nice value of thread {@code tid} of this process, read from its {@code stat}. */
  public static OptionalInt threadNice(long tid) {
    return niceIn(Path.of("/proc/self/task/" + tid + "/stat"));
  }

  /** The nice value of the main thread of process {@code pid}. */
  public static OptionalInt processNice(long pid) {
    return niceIn(Path.of("/proc/" + pid + "/stat"));
  }

  private static OptionalInt niceIn(Path stat) {
    try {
      String line = Files.readString(stat);
      // "pid (comm) state ppid ...": the name may hold spaces and parentheses; field 19 is nice.
      String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
      return OptionalInt.of(Integer.parseInt(fields[19 - 3]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      try {
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      } catch (java.nio.file.InvalidPathException e) {
        // not a directory name: look in the next one
      }
    }
    return null;
  }

  private void warnOnce(String why) {
    if (warned.compareAndSet(false, true)) {
      log.warn(
          "background work (embedding, parsing, indexing) runs at normal priority, not at nice {}:"
              + " {}",
          nice,
          why);
    }
  }

  @Override
  public String toString() {
    return "nice " + nice;
  }
}
