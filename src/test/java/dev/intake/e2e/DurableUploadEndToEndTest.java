package dev.intake.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.intake.testing.ApiClient;
import dev.intake.testing.Documents;
import dev.intake.testing.IntakeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code 202} survives a power cut: the real server runs under {@code strace}, which records its
 * fsync calls with the paths they apply to. Before the upload is acknowledged, the blob's bytes are
 * synced (then it is moved into place), its directory is synced after the move, and only then does
 * the enqueue commit, syncing the database log.
 */
class DurableUploadEndToEndTest {
  private static final String TRACED = "fsync,fdatasync,rename,renameat,renameat2";

  @TempDir Path dir;

  @Test
  void theBlobAndItsDirectoryAreSyncedBeforeTheCommitThatRecordsIt() throws Exception {
    requireStrace();
    Path data = dir.resolve("data");
    Path trace = dir.resolve("strace.log");
    int port = IntakeProcess.freePort();
    // No workers: the enqueue is then the only transaction that writes after the upload starts.
    Map<String, String> env =
        Map.of(
            "INTAKE_DATA_DIR", data.toString(),
            "INTAKE_PORT", Integer.toString(port),
            "TASK_WORKERS_AUTO_START", "false");
    List<String> strace =
        List.of(
            "strace", "-f", "--seccomp-bpf", "-y", "-e", "trace=" + TRACED, "-o", trace.toString());
    String key;
    try (IntakeProcess node =
        IntakeProcess.start("serve", env, dir.resolve("node.log"), null, List.of(), strace)) {
      ApiClient api = new ApiClient(port);
      node.awaitHealthy(api, Duration.ofSeconds(90));
      ApiClient.Response r = api.upload("a.txt", Documents.textBytes(1, 2), Map.of());
      assertEquals(202, r.status(), r.body().toString());
      key = r.body().path("file_path").asText(); // blobs/yyyy/MM/uuid
      // End the JVM gracefully; strace then writes out its log and exits by itself.
      ProcessHandle.of(node.pid()).orElseThrow().descendants().forEach(ProcessHandle::destroy);
      OptionalInt exit = node.awaitExit(Duration.ofSeconds(60));
      assertTrue(exit.isPresent(), "strace did not exit");
    }
    Path blob = data.resolve(key).toAbsolutePath().normalize();
    List<String> lines = Files.readAllLines(trace);

    int rename = indexOf(lines, 0, l -> isRename(l) && l.contains("\"" + blob + "\""));
    assertTrue(rename >= 0, "no rename into " + blob + " in the trace:\n" + tail(lines));
    Matcher from = Pattern.compile("\"([^\"]*upload-[^\"]*\\.part)\"").matcher(lines.get(rename));
    assertTrue(from.find(), "the blob was not moved from a temporary file: " + lines.get(rename));
    String tmp = from.group(1);

    int fileSync = indexOf(lines, 0, l -> isSync(l) && l.contains("<" + tmp + ">"));
    assertTrue(
        fileSync >= 0 && fileSync < rename,
        "the blob's bytes were not synced before it was moved into place:\n"
            + around(lines, rename));
    String parent = "<" + blob.getParent() + ">";
    int dirSync = indexOf(lines, rename, l -> isSync(l) && l.contains(parent));
    assertTrue(
        dirSync > rename,
        "the blob's directory was not synced after the move:\n" + around(lines, rename));
    int commit = indexOf(lines, rename, l -> isSync(l) && l.contains("intake.db-wal>"));
    assertTrue(
        commit > rename,
        "the enqueue's commit did not sync the database log (synchronous=FULL):\n"
            + around(lines, rename));
    assertTrue(
        commit > dirSync,
        "the enqueue committed before the blob's directory was synced:\n" + around(lines, rename));
  }

  private static boolean isRename(String line) {
    return line.matches("^\\d+\\s+rename(at2?)?\\(.*");
  }

  private static boolean isSync(String line) {
    return line.matches("^\\d+\\s+f(data)?sync\\(.*");
  }

  private static int indexOf(List<String> lines, int from, java.util.function.Predicate<String> p) {
    for (int i = from; i < lines.size(); i++) {
      if (p.test(lines.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String around(List<String> lines, int i) {
    return String.join("\n", lines.subList(Math.max(0, i - 20), Math.min(lines.size(), i + 20)));
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Skips, loudly, where strace is missing (CI installs it). */
  private static void requireStrace() throws InterruptedException {
    boolean present;
    try {
      Process p = new ProcessBuilder("strace", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      present = p.waitFor() == 0;
    } catch (IOException e) {
      present = false;
    }
    if (!present) {
      System.err.println(
          "*** SKIPPED: strace is not installed; the durability of acknowledged uploads is not"
              + " checked (apt-get install strace) ***");
    }
    assumeTrue(present, "strace is not installed");
  }
}
