package dev.intake.ingest;

import dev.intake.engine.WakeSignal;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.Priority;
import dev.intake.job.TaskType;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.parse.DocumentFormat;
import dev.intake.store.JobStore;
import dev.intake.store.NewJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

  /** A started batch: the parent job and how many files it covers. */
  public record Batch(Job job, Path directory, int files) {}

  private final JobStore store;
  private final AllowedDirectories allowed;
  private final Admission admission;
  private final WakeSignal wake;
  private final Clock clock;
  private final int maxAttempts;
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
    this.store = store;
    this.allowed = allowed;
    this.admission = admission;
    this.wake = wake;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
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
    // The defaults name every extension the parser reads, more than a client may send.
    boolean defaults = patterns == null || patterns.isEmpty();
    List<FileNamePattern> matchers =
        FileNamePattern.compileAll(
            "file_patterns",
            defaults ? DEFAULT_PATTERNS : patterns,
            defaults ? DEFAULT_PATTERNS.size() : MAX_PATTERNS);
    Path dir = allowed.directory(directoryPath);
    List<Path> files = find(dir, matchers, recursive);
    String parentId = UUID.randomUUID().toString();
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
    Job parent;
    try (Admission.Ticket ticket = admission.admit(files.size(), 0)) {
      parent =
          store.batchEnqueue(
              new NewJob(
                  parentId,
                  TaskType.DIRECTORY_BATCH,
                  Priority.MEDIUM,
                  1,
                  null,
                  null,
                  new JobParams(
                      settings.chunkSize(), settings.chunkOverlap(), false, dir.toString()),
                  "Ingesting " + files.size() + " files"),
              children,
              clock.instant());
    }
    wake.signal();
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
