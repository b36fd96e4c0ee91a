package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.util.Locale;

/**
 * The most characters read from one document, counted as text is collected, for formats whose pages
 * are only known when the whole file is read. Past it, a permanent {@code too_large} failure; each
 * call also stops the work when the thread is interrupted.
 */
final class TextLimit {

  private final int maxCharacters;
  private long used;

  TextLimit(int maxCharacters) {
    this.maxCharacters = maxCharacters;
  }

  /** Counts {@code characters} more; throws once the document has more than the limit. */
  void take(long characters) {
    PageStream.checkInterrupted();
    used += characters;
    if (used > maxCharacters) {
      throw tooLarge(maxCharacters);
    }
  }

  static IngestException tooLarge(int maxCharacters) {
    return IngestException.permanent(
        "too_large",
        String.format(
            Locale.ROOT,
            "The document has more than %,d characters of text, the most Intake reads",
            maxCharacters));
  }
}
