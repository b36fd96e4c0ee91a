package dev.intake.engine;

/** Thrown at a safe point of a running job once it has been told to stop. */
public final class JobStoppedException extends RuntimeException {
  private final StopReason reason;

  public JobStoppedException(StopReason reason) {
    super("job stopped: " + reason, null, false, false);
    this.reason = reason;
  }

  public StopReason reason() {
    return reason;
  }
}
