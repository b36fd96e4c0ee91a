package dev.intake.store;

import java.util.Optional;

/**
 * The database cannot be reached right now: the connection was refused, reset or timed out, the
 * server is shutting down or starting, or it is already known to be down. Not a fault of the data
 * or the request: callers wait and try again (workers), answer {@code 503} (the API) or carry on
 * without the database (search). Other store errors are reported differently.
 */
public final class StoreUnavailableException extends RuntimeException {
  private final String reason;

  /**
   * @param reason a short description for people that names no host, port or credential, e.g.
   *     "connection refused"
   * @param cause the driver's or pool's exception, if any
   */
  public StoreUnavailableException(String reason, Throwable cause) {
    super("The database cannot be reached: " + reason, cause);
    this.reason = reason;
  }

  /** Why the database cannot be reached, for people (no host, port or credential). */
  public String reason() {
    return reason;
  }

  /** The first {@link StoreUnavailableException} in {@code e}'s cause chain, if any. */
  public static Optional<StoreUnavailableException> in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StoreUnavailableException u) {
        return Optional.of(u);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
