package dev.intake.blob;

import dev.intake.health.HealthRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the blob store now and then and reports it as the health part {@value #PART}: ok, or down
 * with the reason (cannot be reached, throttling, no bucket, access denied). Run as a periodic
 * service of the same name.
 */
public final class BlobHealth {
  public static final String PART = "blob-store";
  private static final Logger log = LoggerFactory.getLogger(BlobHealth.class);

  private final BlobStore blobs;
  private final HealthRegistry health;
  private volatile String lastProblem;

  public BlobHealth(BlobStore blobs, HealthRegistry health) {
    this.blobs = blobs;
    this.health = health;
  }

  /** One check; never throws, so that its service stays {@code ok} while it reports the store. */
  public void runOnce() {
    try {
      blobs.check();
      if (lastProblem != null) {
        log.info("the blob store {} answers again", blobs.location());
        lastProblem = null;
      }
      health.ok(PART);
    } catch (IOException | RuntimeException e) {
      String problem = String.valueOf(e.getMessage());
      if (!problem.equals(lastProblem)) {
        log.warn("{}", problem);
      }
      lastProblem = problem;
      health.down(PART, problem);
    }
  }
}
