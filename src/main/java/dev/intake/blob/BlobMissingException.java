package dev.intake.blob;

import java.io.IOException;

/** No blob is stored under the key (deleted, or never written). */
public final class BlobMissingException extends IOException {
  public BlobMissingException(String key) {
    super("The stored file " + key + " is missing from the blob store");
  }
}
