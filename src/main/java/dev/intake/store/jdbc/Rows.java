package dev.intake.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.intake.job.Document;
import dev.intake.job.Job;
import dev.intake.job.JobParams;
import dev.intake.job.JobState;
import dev.intake.job.Priority;
import dev.intake.job.Stage;
import dev.intake.job.TaskType;
import dev.intake.store.StoredChunk;
import dev.intake.store.WorkerInfo;
import java.sql.SQLException;
import java.time.Instant;

/** Row mappers shared by the store's read and write sides. */
final class Rows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Rows() {}

  static Job job(Row r) throws SQLException {
    return new Job(
        r.str("job_id"),
        TaskType.fromWire(r.str("task_type")),
        Priority.fromRank(r.integer("priority")),
        JobState.fromWire(r.str("status")),
        Stage.fromWire(r.str("stage")),
        r.dbl("progress"),
        r.str("message"),
        r.instant("created_at"),
        r.instant("started_at"),
        r.instant("completed_at"),
        r.instant("updated_at"),
        r.instant("run_at"),
        r.integer("attempt"),
        r.integer("max_attempts"),
        r.str("error_message"),
        r.str("worker_id"),
        r.instant("lease_until"),
        r.str("document_id"),
        r.str("parent_job_id"),
        params(r.str("params")),
        r.str("result"),
        r.bool("cancel_requested"),
        r.integer("checkpoint"));
  }

  static Document document(Row r) throws SQLException {
    return new Document(
        r.str("document_id"),
        r.str("filename"),
        r.str("content_type"),
        r.longValue("size_bytes"),
        r.str("sha256"),
        r.str("blob_key"),
        r.integer("chunk_size"),
        r.integer("chunk_overlap"),
        r.str("status"),
        r.intOrNull("pages"),
        r.intOrNull("chunk_count"),
        r.longOrNull("characters"),
        r.str("job_id"),
        r.str("active_job_id"),
        r.instant("created_at"),
        r.instant("updated_at"),
        r.str("embedding_model"),
        r.intOrNull("embedding_dimensions"),
        r.str("title"),
        r.str("author"),
        r.str("language"),
        r.instant("file_created_at"));
  }

  static StoredChunk chunk(Row r, boolean withVector) throws SQLException {
    return new StoredChunk(
        r.integer("chunk_index"),
        r.str("text"),
        r.integer("page_start"),
        r.integer("page_end"),
        r.integer("char_start"),
        r.integer("char_end"),
        r.integer("token_count"),
        withVector ? Vectors.fromBytes(r.bytes("embedding")) : null,
        r.str("section"));
  }

  static WorkerInfo worker(Row r) throws SQLException {
    return new WorkerInfo(
        r.str("worker_id"),
        r.str("name"),
        r.str("priority"),
        r.str("status"),
        r.str("host"),
        r.longValue("pid"),
        r.longValue("processed"),
        r.longValue("failed"),
        r.str("current_job"),
        r.instant("started_at"),
        r.instant("last_heartbeat"),
        r.str("metrics_url"));
  }

  /** {@code t} as a time column keeps it: whole milliseconds. */
  static Instant asStored(Instant t) {
    return Instant.ofEpochMilli(t.toEpochMilli());
  }

  static String paramsJson(JobParams p) {
    try {
      return JSON.writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobParams params(String json) {
    try {
      return JSON.readValue(json, JobParams.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable job params: " + json, e);
    }
  }
}
