package dev.intake.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Settings a job runs with, stored with it as JSON.
 *
 * @param chunkSize tokens per chunk
 * @param chunkOverlap tokens shared by consecutive chunks
 * @param force re-ingest even if identical content exists
 * @param sourcePath for a file of a directory batch: the file to import when the job runs (its
 *     document is created then); for a directory batch, its directory; for an archive's batch, the
 *     archive's name; null for uploads, whose document exists from the start
 * @param archiveEntry for a file of an archive's batch: the stored entry whose document is recorded
 *     when the job runs; null otherwise (and left out of the JSON)
 */
public record JobParams(
    int chunkSize,
    int chunkOverlap,
    boolean force,
    String sourcePath,
    @JsonInclude(JsonInclude.Include.NON_NULL) ArchiveEntry archiveEntry) {

  public JobParams(int chunkSize, int chunkOverlap, boolean force, String sourcePath) {
    this(chunkSize, chunkOverlap, force, sourcePath, null);
  }

  /**
   * The name of the file a batch child ingests, before its document exists: the archive entry's, or
   * the last segment of its path (not cleaned); null for jobs that are not batch files.
   */
  public String sourceFileName() {
    if (archiveEntry != null) {
      return archiveEntry.name();
    }
    if (sourcePath == null) {
      return null;
    }
    int slash = Math.max(sourcePath.lastIndexOf('/'), sourcePath.lastIndexOf('\\'));
    return sourcePath.substring(slash + 1);
  }
}
