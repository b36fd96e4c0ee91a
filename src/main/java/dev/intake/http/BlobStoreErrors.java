package dev.intake.http;

import dev.intake.blob.BlobAccessException;
import dev.intake.blob.BlobUnavailableException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request that the blob store failed is answered {@code 503} with {@code Retry-After}: the store
 * cannot be reached or is throttling ({@code blob_store_unavailable}), or it refuses this server
 * ({@code blob_store_refused}: no bucket, denied access; an operator must fix the setup). Neither
 * is the client's fault, and neither is a 500.
 */
final class BlobStoreErrors {
  private static final Logger log = LoggerFactory.getLogger(BlobStoreErrors.class);
  static final String RETRY_AFTER = "5";

  private BlobStoreErrors() {}

  /** Answers the request if a blob-store failure is behind {@code e}; false otherwise. */
  static boolean answer(Context ctx, Throwable e) {
    var unavailable = BlobUnavailableException.in(e);
    if (unavailable.isPresent()) {
      log.warn("request {} {}: {}", ctx.method(), ctx.path(), unavailable.get().getMessage());
      ctx.header("Retry-After", RETRY_AFTER);
      ApiServer.error(
          ctx,
          503,
          "blob_store_unavailable",
          unavailable.get().getMessage() + "; try again in " + RETRY_AFTER + " s");
      return true;
    }
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof BlobAccessException refused) {
        log.error("request {} {}: {}", ctx.method(), ctx.path(), refused.getMessage());
        ctx.header("Retry-After", RETRY_AFTER);
        ApiServer.error(ctx, 503, "blob_store_refused", refused.getMessage());
        return true;
      }
    }
    return false;
  }
}
