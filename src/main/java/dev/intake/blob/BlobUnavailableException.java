package dev.intake.blob;

import java.io.IOException;
import java.util.Optional;

/**
 * The blob store cannot be reached right now, or asks to slow down: the connection was refused or
 * timed out, the server answered 5xx, or it is throttling. Not the fault of the document: callers
 * try again later ({@code 503} for the API; a worker hands its job back without counting the
 * attempt).
 */
public final class BlobUnavailableException extends IOException {
  private final String reason;

  /**
   * @param reason a short description for people that names no credential, e.g. "timed out"
   */
  public BlobUnavailableException(String reason, Throwable cause) {
    super("The blob store cannot be reached: " + reason, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  /** The first {@link BlobUnavailableException} in {@code e}'s cause chain, if any. */
  public static Optional<BlobUnavailableException> in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BlobUnavailableException u) {
        return Optional.of(u);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
