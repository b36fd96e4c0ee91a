package dev.intake.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** The threads of this process as the kernel sees them: their names and nice values. */
final class Threads {
  private Threads() {}

  /** Whether per-thread nice values can be read (and set) here: Linux. */
  static boolean visible() {
    return BackgroundPriority.currentThreadId().isPresent();
  }

  /** The nice value of the calling thread. */
  static int currentNice() {
    return BackgroundPriority.threadNice(BackgroundPriority.currentThreadId().orElseThrow())
        .orElseThrow();
  }

  /**
   * Nice value by thread id of every thread whose kernel name (Java's thread name, cut to 15
   * characters) starts with {@code prefix}.
   */
  static Map<Long, Integer> niceOfThreadsNamed(String prefix) throws IOException {
    Map<Long, Integer> found = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String comm;
        try {
          comm = Files.readString(task.resolve("comm")).strip();
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        if (comm.startsWith(prefix)) {
          long tid = Long.parseLong(task.getFileName().toString());
          OptionalInt nice = BackgroundPriority.threadNice(tid);
          nice.ifPresent(n -> found.put(tid, n));
        }
      }
    }
    return found;
  }
}
