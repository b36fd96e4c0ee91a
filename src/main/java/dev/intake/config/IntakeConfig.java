package dev.intake.config;

import dev.intake.ingest.archive.ArchiveLimits;
import dev.intake.os.BackgroundPriority;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Immutable configuration of one Intake process, read from environment variables (flags are laid
 * over them by the command line) and validated at start-up. The {@code TASK_*} names keep the
 * meaning they have in the systems Intake replaces.
 */
public record IntakeConfig(
    String host,
    int port,
    Path dataDir,
    Path blobDir,
    String databaseUrl,
    int maxWorkers,
    int highPriorityWorkers,
    boolean workersAutoStart,
    Duration progressUpdateInterval,
    long maxUploadBytes,
    Duration retryDelay,
    int maxRetries,
    Duration jobTimeout,
    Duration leaseDuration,
    Duration pollInterval,
    Duration shutdownGrace,
    Duration jobRetention,
    int defaultChunkSize,
    int defaultChunkOverlap,
    int embedParallelism,
    String apiKey,
    List<Path> allowedDirs,
    // The parser sandbox: a child process per worker thread (docs/sandbox.md).
    int parserHeapMb,
    Duration parseTimeout,
    int parserRecycleAfter,
    int maxChunks,
    int maxCharacters,
    // Liveness and outages.
    Duration workerHeartbeat,
    Duration databaseTimeout,
    // Edges: browser safety, back-pressure, bounded streams and walks.
    List<String> allowedHosts,
    List<String> corsOrigins,
    long maxPendingJobs,
    long minFreeDiskBytes,
    int maxEventStreams,
    int maxDirectoryFiles,
    // Uploaded archives: INTAKE_MAX_ARCHIVE_ENTRIES, INTAKE_MAX_ARCHIVE_MB,
    // INTAKE_MAX_ARCHIVE_RATIO.
    ArchiveLimits archiveLimits,
    // Retries.
    Duration retryMaxDelay,
    // OCR in the parser children: INTAKE_OCR, INTAKE_OCR_LANGUAGES, INTAKE_OCR_PAGE_TIMEOUT,
    // INTAKE_OCR_MAX_PAGES.
    OcrSettings ocr,
    // Uploaded files in an S3-compatible bucket instead of blobDir, and the orphan sweep.
    BlobConfig blob,

    // The fleet: a remote embedding endpoint, and the worker process's own HTTP port.
    EmbeddingConfig embedding,
    WorkerPort workerPort,
    // The CPU priority of embedding, parsing and indexing: INTAKE_BACKGROUND_NICE.
    BackgroundPriority backgroundPriority) {

  /** Reads and validates; throws {@link ConfigException} listing every problem. */
  public static IntakeConfig from(Map<String, String> vars) {
    Settings s = new Settings(vars);
    IntakeConfig c = read(s);
    if (!s.problems().isEmpty()) {
      throw new ConfigException(s.problems()); // cross-checks would only repeat these
    }
    s.check(
        c.highPriorityWorkers <= c.maxWorkers,
        "TASK_HIGH_PRIORITY_WORKERS ("
            + c.highPriorityWorkers
            + ") cannot exceed TASK_MAX_WORKERS ("
            + c.maxWorkers
            + ")");
    s.check(
        c.retryMaxDelay.compareTo(c.retryDelay) >= 0,
        "TASK_RETRY_MAX_DELAY ("
            + c.retryMaxDelay.toMillis() / 1000.0
            + " s) cannot be shorter than TASK_RETRY_DELAY ("
            + c.retryDelay.toMillis() / 1000.0
            + " s)");
    s.check(
        c.defaultChunkOverlap < c.defaultChunkSize,
        "INTAKE_CHUNK_OVERLAP must be smaller than INTAKE_CHUNK_SIZE");
    s.check(
        c.apiKey != null || isLoopback(c.host),
        "INTAKE_HOST "
            + c.host
            + " is reachable beyond this machine: set INTAKE_API_KEY to bind there");
    if (!s.problems().isEmpty()) {
      throw new ConfigException(s.problems());
    }
    return c;
  }

  /**
   * An archive's files are uploads of their own: each is held to the upload limit too. A value out
   * of range is a problem reported with the others; the limits are built anyway (from at least 1).
   */
  private static ArchiveLimits archiveLimits(Settings s, long maxUploadBytes) {
    return new ArchiveLimits(
        Math.max(1, s.integer("INTAKE_MAX_ARCHIVE_ENTRIES", 10_000, 1, 1_000_000)),
        Math.max(1, s.integer("INTAKE_MAX_ARCHIVE_MB", 1024, 1, 1024 * 1024)) * 1024L * 1024L,
        Math.max(1, s.integer("INTAKE_MAX_ARCHIVE_RATIO", 100, 2, 100_000)),
        Math.max(1, maxUploadBytes));
  }

  /** A value out of range is a problem reported with the others; the priority is built anyway. */
  private static BackgroundPriority backgroundPriority(Settings s) {
    int nice =
        // Opt-in: on an otherwise idle machine it gains nothing measurable, and a burst of
        // uploads all but pauses the embedding (docs/DESIGN.md, docs/BENCHMARKS.md).
        s.integer("INTAKE_BACKGROUND_NICE", 0, 0, BackgroundPriority.LOWEST);
    return BackgroundPriority.nice(Math.min(BackgroundPriority.LOWEST, Math.max(0, nice)));
  }

  private static OcrSettings ocr(Settings s) {
    OcrMode mode = OcrMode.named(s.choice("INTAKE_OCR", "auto", "auto", "off", "always"));
    // Tesseract joins languages with '+'; a comma-separated list is taken too.
    String languages = s.string("INTAKE_OCR_LANGUAGES", "eng").replace(',', '+').replace(" ", "");
    if (!OcrSettings.validLanguages(languages)) {
      s.check(
          false,
          "INTAKE_OCR_LANGUAGES must name Tesseract languages joined by '+', e.g. eng+deu (got '"
              + languages
              + "')");
      languages = OcrSettings.DEFAULT.languages();
    }
    Duration pageTimeout =
        s.seconds("INTAKE_OCR_PAGE_TIMEOUT", OcrSettings.DEFAULT.pageTimeout(), 1);
    int maxPages = s.integer("INTAKE_OCR_MAX_PAGES", OcrSettings.DEFAULT_MAX_PAGES, 1, 1_000_000);
    return new OcrSettings(mode, languages, pageTimeout, Math.max(1, maxPages));
  }

  /**
   * The name of every environment variable the configuration reads (deployment files are checked
   * against it).
   */
  public static Set<String> variableNames() {
    Settings s = new Settings(Map.of());
    read(s);
    return s.names();
  }

  private static IntakeConfig read(Settings s) {
    int cores = Runtime.getRuntime().availableProcessors();
    long maxUploadBytes = s.integer("INTAKE_MAX_UPLOAD_MB", 100, 1, 1024 * 1024) * 1024L * 1024L;
    return new IntakeConfig(
        s.string("INTAKE_HOST", "127.0.0.1"),
        s.integer("INTAKE_PORT", 8080, 0, 65535),
        Path.of(s.string("INTAKE_DATA_DIR", "./data")),
        Path.of(
            s.string(
                "INTAKE_BLOB_DIR",
                Path.of(s.string("INTAKE_DATA_DIR", "./data"), "blobs").toString())),
        s.string("INTAKE_DATABASE_URL", null),
        s.integer("TASK_MAX_WORKERS", 2, 0, 256),
        s.integer("TASK_HIGH_PRIORITY_WORKERS", 0, 0, 256),
        s.bool("TASK_WORKERS_AUTO_START", true),
        s.seconds("TASK_PROGRESS_UPDATE_INTERVAL", Duration.ofSeconds(1), 0),
        maxUploadBytes,
        s.seconds("TASK_RETRY_DELAY", Duration.ofSeconds(5), 0),
        s.integer("TASK_MAX_RETRIES", 3, 0, 100),
        s.seconds("TASK_JOB_TIMEOUT", Duration.ofHours(1), 1),
        s.seconds("TASK_LEASE_DURATION", Duration.ofSeconds(30), 1),
        s.seconds("TASK_POLL_INTERVAL", Duration.ofSeconds(1), 0.01),
        s.seconds("TASK_SHUTDOWN_GRACE", Duration.ofSeconds(30), 0),
        s.seconds("TASK_JOB_RETENTION", Duration.ofDays(7), 60),
        s.integer("INTAKE_CHUNK_SIZE", 256, 16, 2048),
        s.integer("INTAKE_CHUNK_OVERLAP", 32, 0, 2047),
        s.integer("INTAKE_EMBED_THREADS", cores, 1, 256),
        s.string("INTAKE_API_KEY", null),
        s.paths("INTAKE_ALLOWED_DIRS"),
        s.integer("INTAKE_PARSER_HEAP_MB", 512, 64, 64 * 1024),
        s.seconds("INTAKE_PARSE_TIMEOUT", Duration.ofSeconds(300), 1),
        s.integer("INTAKE_PARSER_RECYCLE_AFTER", 100, 1, 1_000_000),
        s.integer("INTAKE_MAX_CHUNKS", 20_000, 1, 10_000_000),
        s.integer("INTAKE_MAX_CHARACTERS", 50_000_000, 1_000, Integer.MAX_VALUE),
        s.seconds("TASK_HEARTBEAT_INTERVAL", Duration.ofSeconds(5), 0.1),
        s.seconds("INTAKE_DATABASE_TIMEOUT", Duration.ofSeconds(1), 0.1),
        s.list("INTAKE_ALLOWED_HOSTS"),
        s.list("INTAKE_CORS_ORIGINS"),
        s.integer("INTAKE_MAX_PENDING_JOBS", 0, 0, Integer.MAX_VALUE),
        s.integer("INTAKE_MIN_FREE_DISK_MB", 100, 0, Integer.MAX_VALUE) * 1024L * 1024L,
        s.integer("INTAKE_MAX_EVENT_STREAMS", 256, 1, 100_000),
        s.integer("INTAKE_MAX_DIRECTORY_FILES", 10_000, 1, 10_000_000),
        archiveLimits(s, maxUploadBytes),
        s.seconds("TASK_RETRY_MAX_DELAY", Duration.ofHours(1), 0),
        ocr(s),
        BlobConfig.from(s),
        EmbeddingConfig.read(s),
        WorkerPort.read(s),
        backgroundPriority(s));
  }

  public static IntakeConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Whether uploads are refused once this many jobs wait ({@code INTAKE_MAX_PENDING_JOBS} > 0). */
  public boolean pendingJobsBounded() {
    return maxPendingJobs > 0;
  }

  /** Whether the job store is the embedded SQLite file (no database URL given). */
  public boolean embeddedStore() {
    return databaseUrl == null;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
