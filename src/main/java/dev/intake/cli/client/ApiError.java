package dev.intake.cli.client;

/**
 * An error answer of the server ({@code {"error": {"code", "message"}}}); the message is the
 * server's.
 */
public final class ApiError extends ClientException {
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message, status == 401 ? ExitCodes.UNAUTHORIZED : ExitCodes.FAILED);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The server's machine-readable error code, e.g. {@code job_not_found}. */
  public String code() {
    return code;
  }
}
