package dev.intake.blob;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes blobs that no document refers to: the copy a directory-batch child made before its worker
 * died without recording the document, a deleted document's file whose delete failed, an upload
 * whose enqueue was lost. Only blobs older than {@code minAge} are considered, because a blob is
 * stored before the transaction that records it commits; {@code minAge} must exceed the longest
 * that can take (seconds, normally). Also removes the leftovers of interrupted writes (temporary
 * files, unfinished multipart uploads) of that age.
 *
 * <p>Runs as a periodic service ({@code blob-sweep}); a pass that cannot ask the database deletes
 * nothing.
 */
public final class OrphanSweep {
  private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

  /** Which keys documents refer to. */
  @FunctionalInterface
  public interface References {
    Set<String> referenced(List<String> keys);
  }

  /** What one pass found. */
  public record Result(long examined, long removed, int unfinishedRemoved) {}

  private final BlobStore blobs;
  private final References references;
  private final Clock clock;
  private final Duration minAge;

  public OrphanSweep(BlobStore blobs, References references, Clock clock, Duration minAge) {
    this.blobs = blobs;
    this.references = references;
    this.clock = clock;
    this.minAge = minAge;
  }

  public Result runOnce() throws IOException {
    Instant before = clock.instant().minus(minAge);
    long[] n = new long[2];
    blobs.listOlderThan(
        before,
        keys -> {
          Set<String> kept = references.referenced(keys);
          for (String key : keys) {
            if (!kept.contains(key)) {
              blobs.delete(key);
              n[1]++;
              log.info("removed orphan blob {} (no document refers to it)", key);
            }
          }
          n[0] += keys.size();
        });
    int unfinished = blobs.removeUnfinishedWrites(before);
    if (n[1] > 0 || unfinished > 0) {
      log.info(
          "blob sweep: {} of {} blobs older than {} were orphans; {} unfinished writes removed",
          n[1],
          n[0],
          minAge,
          unfinished);
    }
    return new Result(n[0], n[1], unfinished);
  }
}
