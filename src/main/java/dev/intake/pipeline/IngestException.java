package dev.intake.pipeline;

/**
 * A failure while ingesting one document. The {@link Kind} decides the retry policy: a permanent
 * failure (encrypted, corrupt, empty, unsupported, no text) fails its job at once; a transient one
 * is retried with backoff. The message is written for a person and never contains a stack trace or
 * a server path.
 */
public final class IngestException extends RuntimeException {

  /** Whether running the same job again could succeed. */
  public enum Kind {
    PERMANENT,
    TRANSIENT
  }

  private final Kind kind;
  private final String code;

  private IngestException(Kind kind, String code, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
  }

  /** A failure that no retry can fix, such as an encrypted or corrupt file. */
  public static IngestException permanent(String code, String message) {
    return new IngestException(Kind.PERMANENT, code, message, null);
  }

  public static IngestException permanent(String code, String message, Throwable cause) {
    return new IngestException(Kind.PERMANENT, code, message, cause);
  }

  /** A failure that may not happen again, such as an I/O error or a timeout. */
  public static IngestException transientFailure(String code, String message, Throwable cause) {
    return new IngestException(Kind.TRANSIENT, code, message, cause);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isPermanent() {
    return kind == Kind.PERMANENT;
  }

  /** A short machine-readable code: {@code encrypted}, {@code corrupt}, {@code no_text}, ... */
  public String code() {
    return code;
  }
}
