package dev.intake.blob;

import java.io.IOException;

/**
 * The blob store answers but refuses this process: the bucket does not exist, access is denied, or
 * no credentials were found. Trying again does not help until the setup is fixed; the message says
 * what to fix.
 */
public final class BlobAccessException extends IOException {
  public BlobAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
