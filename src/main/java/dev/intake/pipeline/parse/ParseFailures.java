package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a parser's failure into a typed {@link IngestException} whose message a person can read.
 * Parsers report a damaged file and a failing disk with the same exception types, so before a
 * failure is called permanent the file is read once more: if that read fails too, the problem is
 * the storage and a retry may succeed.
 */
final class ParseFailures {

  private ParseFailures() {}

  /** "PDF is encrypted; a password is required", "Excel workbook is encrypted; ...". */
  static IngestException encrypted(DocumentFormat format) {
    String what =
        format == null || format == DocumentFormat.OTHER ? "The document" : format.shortName();
    return IngestException.permanent("encrypted", what + " is encrypted; a password is required");
  }

  /** Whether a parser's failure says that the file is encrypted (or needs another password). */
  static boolean isEncryption(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof org.apache.tika.exception.EncryptedDocumentException
          || t instanceof org.apache.poi.EncryptedDocumentException
          || t instanceof org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The failure for a file the parser for {@code format} could not read: interrupted, an I/O error,
   * or (the file itself being readable) a permanent {@code corrupt}.
   */
  static IngestException unreadable(Path file, DocumentFormat format, Throwable cause) {
    if (wasInterrupted(cause)) {
      return PageStream.interrupted(cause);
    }
    if (!canReadFully(file)) {
      return ioError(cause);
    }
    if (format == DocumentFormat.OTHER) {
      return IngestException.permanent(
          "corrupt", "The file could not be read: it is damaged or not what its type says", cause);
    }
    String name = format.displayName();
    return IngestException.permanent(
        "corrupt",
        "The file could not be read as " + name + ": it is damaged or not " + name,
        cause);
  }

  static IngestException ioError(Throwable cause) {
    if (wasInterrupted(cause)) {
      return PageStream.interrupted(cause);
    }
    return IngestException.transientFailure(
        "io_error", "The file could not be read from storage", cause);
  }

  private static boolean wasInterrupted(Throwable cause) {
    return Thread.currentThread().isInterrupted()
        || cause instanceof ClosedByInterruptException
        || cause instanceof InterruptedIOException;
  }

  private static boolean canReadFully(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(OutputStream.nullOutputStream());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
