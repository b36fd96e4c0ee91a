package dev.intake.ingest;

import dev.intake.blob.BlobStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a blob that nothing needs any more (a duplicate's copy, a deleted document's file, the
 * copy of an upload whose enqueue failed). A delete that fails must not hide what the caller was
 * doing: it is logged, and the orphan sweep removes the blob later.
 */
final class BlobCleanup {
  private static final Logger log = LoggerFactory.getLogger(BlobCleanup.class);

  private BlobCleanup() {}

  static void delete(BlobStore blobs, String key) {
    try {
      blobs.delete(key);
    } catch (IOException | RuntimeException e) {
      log.warn("could not delete blob {} (the orphan sweep will): {}", key, e.getMessage());
    }
  }
}
