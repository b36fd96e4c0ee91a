package dev.intake.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.Priority;
import dev.intake.pipeline.index.SearchHit;
import dev.intake.store.BatchCounts;
import dev.intake.store.StoredChunk;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies of API.md, as records; field names become snake_case. */
final class Views {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Views() {}

  record JobView(
      String jobId,
      String taskType,
      String priority,
      String status,
      String stage,
      double progress,
      String message,
      Instant createdAt,
      Instant startedAt,
      Instant completedAt,
      Instant updatedAt,
      int retryCount,
      int maxRetries,
      String errorMessage,
      String workerId,
      String documentId,
      String parentJobId,
      JsonNode result,
      @JsonInclude(JsonInclude.Include.NON_NULL) Children children,
      int attempt,
      String filename) {}

  /** Child-job counts of a directory batch. */
  record Children(
      long total, long pending, long processing, long completed, long failed, long cancelled) {}

  record ProgressView(
      String jobId,
      String status,
      String stage,
      double progress,
      String message,
      Instant updatedAt) {}

  record ResultView(String jobId, String status, JsonNode result) {}

  record DocumentView(
      String documentId,
      String filename,
      String contentType,
      long sizeBytes,
      String sha256,
      String status,
      Integer pages,
      Integer chunkCount,
      Instant createdAt,
      Instant updatedAt,
      String jobId,
      String embeddingModel,
      Integer embeddingDimensions,
      String title,
      String author,
      String language,
      Instant created) {}

  record ChunkView(
      int chunkIndex,
      String text,
      int pageStart,
      int pageEnd,
      int charStart,
      int charEnd,
      String section) {}

  record SearchResultView(
      String documentId,
      String filename,
      int chunkIndex,
      String text,
      double score,
      int pageStart,
      int pageEnd,
      String section) {}

  record QueueStats(Map<String, Long> queueLengths, long totalPending) {}

  /**
   * @param filename the document's file name, a batch file's name, or a batch's directory
   */
  static JobView job(Job j, String filename) {
    return new JobView(
        j.jobId(),
        j.taskType().wireName(),
        j.priority().wireName(),
        j.status().wireName(),
        j.stage() == null ? null : j.stage().wireName(),
        j.progress(),
        j.message(),
        j.createdAt(),
        j.startedAt(),
        j.completedAt(),
        j.updatedAt(),
        j.retryCount(),
        j.maxRetries(),
        j.errorMessage(),
        j.workerId(),
        j.documentId(),
        j.parentJobId(),
        result(j),
        null,
        j.attempt(),
        filename);
  }

  static JobView batch(Job j, BatchCounts c, JsonNode result, String directory) {
    JobView v = job(j, directory);
    return new JobView(
        v.jobId(),
        v.taskType(),
        v.priority(),
        v.status(),
        v.stage(),
        j.status().isFinished() ? v.progress() : c.progress(),
        v.message(),
        v.createdAt(),
        v.startedAt(),
        v.completedAt(),
        v.updatedAt(),
        v.retryCount(),
        v.maxRetries(),
        v.errorMessage(),
        v.workerId(),
        v.documentId(),
        v.parentJobId(),
        result,
        new Children(
            c.total(), c.pending(), c.processing(), c.completed(), c.failed(), c.cancelled()),
        v.attempt(),
        v.filename());
  }

  static ProgressView progress(Job j) {
    return new ProgressView(
        j.jobId(),
        j.status().wireName(),
        j.stage() == null ? null : j.stage().wireName(),
        j.progress(),
        j.message(),
        j.updatedAt());
  }

  static ResultView resultOf(Job j) {
    return new ResultView(j.jobId(), j.status().wireName(), result(j));
  }

  static DocumentView document(Document d) {
    return new DocumentView(
        d.documentId(),
        d.filename(),
        d.contentType(),
        d.sizeBytes(),
        d.sha256(),
        d.status(),
        d.pages(),
        d.chunkCount(),
        d.createdAt(),
        d.updatedAt(),
        d.jobId(),
        d.embeddingModel(),
        d.embeddingDimensions(),
        d.title(),
        d.author(),
        d.language(),
        d.fileCreated());
  }

  static ChunkView chunk(StoredChunk c) {
    return new ChunkView(
        c.chunkIndex(),
        c.text(),
        c.pageStart(),
        c.pageEnd(),
        c.charStart(),
        c.charEnd(),
        c.section());
  }

  static SearchResultView hit(SearchHit h) {
    return new SearchResultView(
        h.documentId(),
        h.filename(),
        h.chunkIndex(),
        h.text(),
        h.score(),
        h.pageStart(),
        h.pageEnd(),
        h.section());
  }

  static QueueStats queue(Map<Priority, Long> lengths) {
    long total = lengths.values().stream().mapToLong(Long::longValue).sum();
    return new QueueStats(
        Map.of(
            "high", lengths.get(Priority.HIGH),
            "medium", lengths.get(Priority.MEDIUM),
            "low", lengths.get(Priority.LOW)),
        total);
  }

  static <T> Map<String, Object> list(String name, List<T> items, long total) {
    return Map.of(name, items, "total", total);
  }

  static JsonNode result(Job j) {
    if (j.resultJson() == null) {
      return null;
    }
    try {
      return JSON.readTree(j.resultJson());
    } catch (Exception e) {
      return null;
    }
  }
}
