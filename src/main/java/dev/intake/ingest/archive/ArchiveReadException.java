package dev.intake.ingest.archive;

import java.io.IOException;

/**
 * An entry that failed while it was read: damaged, or larger than its header says. An {@link
 * IOException}, so that whoever copies the bytes (a blob store) cleans up as for any failed read;
 * {@link #refusal()} says what to answer.
 */
public final class ArchiveReadException extends IOException {
  private final ArchiveRefusedException refusal;

  ArchiveReadException(ArchiveRefusedException refusal, Throwable cause) {
    super(refusal.getMessage(), cause);
    this.refusal = refusal;
  }

  public ArchiveRefusedException refusal() {
    return refusal;
  }
}
