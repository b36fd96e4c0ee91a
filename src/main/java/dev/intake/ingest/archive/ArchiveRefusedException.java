package dev.intake.ingest.archive;

/**
 * An archive that is not expanded: damaged, encrypted, unsafe or beyond a limit. The message says
 * which, in words a person can act on; {@link #tooLarge()} tells a limit of size (an HTTP 413) from
 * everything else (400).
 */
public final class ArchiveRefusedException extends RuntimeException {
  private final String code;
  private final boolean tooLarge;

  private ArchiveRefusedException(String code, String message, boolean tooLarge) {
    super(message);
    this.code = code;
    this.tooLarge = tooLarge;
  }

  public static ArchiveRefusedException invalid(String code, String message) {
    return new ArchiveRefusedException(code, message, false);
  }

  static ArchiveRefusedException tooLarge(String message) {
    return new ArchiveRefusedException("archive_too_large", message, true);
  }

  /** A stable word: {@code archive_damaged}, {@code archive_encrypted}, {@code archive_bomb}, … */
  public String code() {
    return code;
  }

  public boolean tooLarge() {
    return tooLarge;
  }
}
