package dev.intake.ingest;

import dev.intake.engine.WakeSignal;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.parse.DocumentFormat;
import dev.intake.store.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a directory batch: finds the matching files (cheap: names only, streamed, bounded) and
 * records a parent job with one child job per file, in one transaction. Files are copied into the
 * blob store by the child jobs when they run, so the request never waits for the bytes.
 */
public final class DirectoryIngestService {
  /** The most patterns one request may give. */
  public static final int MAX_PATTERNS = 32;

  /** Every kind of file the parser reads, when the client names no patterns. */
  public static final List<String> DEFAULT_PATTERNS =
      DocumentFormat.fileExtensions().stream().map(ext -> "*." + ext).toList();

  /** {@link #DEFAULT_PATTERNS}, compiled; not held to {@link #MAX_PATTERNS}, a client's bound. */
  private static final List<FileNamePattern> DEFAULT_MATCHERS =
      DEFAULT_PATTERNS.stream().map(FileNamePattern::compile).toList();

  /** Whether a file name is of a type the parser reads: it matches a default pattern. */
  static boolean readableType(String fileName) {
    return DEFAULT_MATCHERS.stream().anyMatch(m -> m.matches(fileName));
  }

  /** A started batch: the parent job and how many files it covers. */
  public record Batch(Job job, Path directory, int files) {}

  private final AllowedDirectories allowed;
  private final Admission admission;
  private final BatchRecorder batches;
  private final int maxFiles;

  /**
   * @param maxFiles the most files one batch may cover ({@code INTAKE_MAX_DIRECTORY_FILES})
   */
  public DirectoryIngestService(
      JobStore store,
      AllowedDirectories allowed,
      Admission admission,
      WakeSignal wake,
      Clock clock,
      int maxAttempts,
      int maxFiles) {
    this.allowed = allowed;
    this.admission = admission;
    this.batches = new BatchRecorder(store, wake, clock, maxAttempts);
    this.maxFiles = maxFiles;
  }

  /**
   * Queues a batch for the files below {@code directoryPath} that match {@code patterns} (none:
   * {@link #DEFAULT_PATTERNS}).
   *
   * @throws AllowedDirectories.ForbiddenException outside the allowed roots
   * @throws IllegalArgumentException for bad patterns or too many files, with words for a person
   * @throws OverloadedException when the queue has no room for the batch
   */
  public Batch ingest(
      String directoryPath, List<String> patterns, boolean recursive, ChunkingSettings settings) {
    List<FileNamePattern> matchers =
        patterns == null || patterns.isEmpty()
            ? DEFAULT_MATCHERS
            : FileNamePattern.compileAll("file_patterns", patterns, MAX_PATTERNS);
    Path dir = allowed.directory(directoryPath);
    List<Path> files = find(dir, matchers, recursive);
    List<BatchRecorder.File> children = new ArrayList<>(files.size());
    for (Path f : files) {
      children.add(
          new BatchRecorder.File(
              new JobParams(settings.chunkSize(), settings.chunkOverlap(), false, f.toString()),
              "Queued: " + f.getFileName()));
    }
    Job parent;
    try (Admission.Ticket ticket = admission.admit(files.size(), 0)) {
      parent =
          batches.record(
              Priority.MEDIUM,
              new JobParams(settings.chunkSize(), settings.chunkOverlap(), false, dir.toString()),
              "Ingesting " + files.size() + " files",
              children);
    }
    return new Batch(parent, dir, files.size());
  }

  /** The matching files, up to the smaller of the batch limit and the queue bound. */
  private List<Path> find(Path dir, List<FileNamePattern> matchers, boolean recursive) {
    boolean queueBound = admission.maxJobsPerRequest() < maxFiles;
    int limit = queueBound ? (int) admission.maxJobsPerRequest() : maxFiles;
    return DirectoryScan.scan(
            dir,
            recursive,
            name -> matchers.stream().anyMatch(m -> m.matches(name)),
            allowed::allowsFile,
            limit,
            queueBound ? "INTAKE_MAX_PENDING_JOBS" : "INTAKE_MAX_DIRECTORY_FILES")
        .files();
  }
}
