package dev.intake.app;

import dev.intake.blob.BlobAccessException;
import dev.intake.blob.BlobStore;
import dev.intake.blob.BlobUnavailableException;
import dev.intake.blob.LocalBlobStore;
import dev.intake.blob.s3.S3BlobStore;
import dev.intake.config.ConfigException;
import dev.intake.config.IntakeConfig;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the blob store the configuration names: a directory, or an S3-compatible bucket. */
final class Blobs {
  private static final Logger log = LoggerFactory.getLogger(Blobs.class);

  private Blobs() {}

  /**
   * The configured store. A bucket that refuses this process (missing, access denied, no
   * credentials) stops the start with the reason; one that cannot be reached yet does not, since
   * uploads answer 503 and jobs wait until it can.
   */
  static BlobStore open(IntakeConfig config, Clock clock) throws IOException {
    if (!config.blob().isS3()) {
      return new LocalBlobStore(config.blobDir(), clock);
    }
    S3BlobStore s3 =
        new S3BlobStore(config.blob().s3(), config.dataDir().resolve("tmp/downloads"), clock);
    try {
      s3.check();
      log.info("blob store {}", s3.location());
    } catch (BlobAccessException e) {
      s3.close();
      throw new ConfigException(List.of(e.getMessage()));
    } catch (BlobUnavailableException e) {
      log.warn("{}; starting anyway: uploads and jobs wait until it answers", e.getMessage());
    } catch (IOException | RuntimeException e) {
      s3.close();
      throw e;
    }
    return s3;
  }
}
