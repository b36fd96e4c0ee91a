package dev.intake.ingest;

import dev.intake.engine.WakeSignal;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.store.JobStore;
import dev.intake.store.NewJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Starts a directory batch: finds the matching files (cheap: names only) and records a parent job
 * with one child job per file, in one transaction. Files are copied into the blob store by the
 * child jobs when they run, so the request never waits for the bytes.
 */
public final class DirectoryIngestService {
  /** Every kind of file the parser reads, when the client names no patterns. */
  public static final List<String> DEFAULT_PATTERNS =
      List.of(
          "*.pdf",
          "*.docx",
          "*.doc",
          "*.odt",
          "*.rtf",
          "*.html",
          "*.htm",
          "*.xhtml",
          "*.md",
          "*.markdown",
          "*.txt",
          "*.text",
          "*.csv",
          "*.epub",
          "*.pptx",
          "*.xlsx");

  /** A started batch: the parent job and how many files it covers. */
  public record Batch(Job job, Path directory, int files) {}

  private final JobStore store;
  private final AllowedDirectories allowed;
  private final WakeSignal wake;
  private final Clock clock;
  private final int maxAttempts;
  private final int maxFiles;

  public DirectoryIngestService(
      JobStore store,
      AllowedDirectories allowed,
      WakeSignal wake,
      Clock clock,
      int maxAttempts,
      int maxFiles) {
    this.store = store;
    this.allowed = allowed;
    this.wake = wake;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.maxFiles = maxFiles;
  }

  public Batch ingest(
      String directoryPath, List<String> patterns, boolean recursive, ChunkingSettings settings) {
    Path dir = allowed.directory(directoryPath);
    List<Path> files =
        find(dir, patterns == null || patterns.isEmpty() ? DEFAULT_PATTERNS : patterns, recursive);
    String parentId = UUID.randomUUID().toString();
    JobParams parentParams =
        new JobParams(settings.chunkSize(), settings.chunkOverlap(), false, dir.toString());
    List<NewJob> children = new ArrayList<>(files.size());
    for (Path f : files) {
      children.add(
          new NewJob(
              UUID.randomUUID().toString(),
              TaskType.SINGLE_DOCUMENT,
              Priority.MEDIUM,
              maxAttempts,
              null,
              parentId,
              new JobParams(settings.chunkSize(), settings.chunkOverlap(), false, f.toString()),
              "Queued: " + f.getFileName()));
    }
    Job parent =
        store.batchEnqueue(
            new NewJob(
                parentId,
                TaskType.DIRECTORY_BATCH,
                Priority.MEDIUM,
                1,
                null,
                null,
                parentParams,
                "Ingesting " + files.size() + " files"),
            children,
            clock.instant());
    wake.signal();
    return new Batch(parent, dir, files.size());
  }

  private List<Path> find(Path dir, List<String> patterns, boolean recursive) {
    List<PathMatcher> matchers = new ArrayList<>();
    for (String p : patterns) {
      if (p.contains("/") || p.contains("\\") || p.contains("..")) {
        throw new IllegalArgumentException("file_patterns match file names only: " + p);
      }
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + p.toLowerCase(Locale.ROOT)));
    }
    try (Stream<Path> walk = recursive ? Files.walk(dir) : Files.list(dir)) {
      List<Path> found =
          walk.filter(Files::isRegularFile)
              .filter(f -> matches(matchers, f))
              .filter(allowed::allowsFile) // a link that leads outside the roots is left out
              .sorted()
              .limit(maxFiles + 1L)
              .toList();
      if (found.size() > maxFiles) {
        throw new IllegalArgumentException(
            "The directory has more than " + maxFiles + " matching files; ingest it in parts");
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean matches(List<PathMatcher> matchers, Path file) {
    Path name = Path.of(file.getFileName().toString().toLowerCase(Locale.ROOT));
    return matchers.stream().anyMatch(m -> m.matches(name));
  }
}
