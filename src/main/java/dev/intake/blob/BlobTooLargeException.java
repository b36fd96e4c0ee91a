package dev.intake.blob;

import java.io.IOException;

/** The upload went past the size limit; nothing of it was kept. */
public final class BlobTooLargeException extends IOException {
  public BlobTooLargeException(long maxBytes) {
    super("The file is larger than the limit of " + (maxBytes / (1024 * 1024)) + " MB");
  }
}
