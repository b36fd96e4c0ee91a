package dev.intake.pipeline.chunk;

/**
 * The tail of the document text that chunking still needs, addressed by document offsets. Pages are
 * appended as they arrive and text before the oldest pending unit is dropped, so a long document
 * never has to be held in memory whole.
 */
final class TextWindow {

  static final String PAGE_SEPARATOR = "\n\n";

  private final StringBuilder text = new StringBuilder();
  private int base;
  private int pages;

  /** Appends a page and returns the document offset of its first character. */
  int appendPage(String pageText) {
    if (pages++ > 0) {
      text.append(PAGE_SEPARATOR);
    }
    int offset = base + text.length();
    text.append(pageText);
    return offset;
  }

  String substring(int start, int end) {
    return text.substring(start - base, end - base);
  }

  /** Forgets the text before {@code offset}; later reads must not go below it. */
  void discardBefore(int offset) {
    int drop = Math.min(offset, base + text.length()) - base;
    if (drop > 0) {
      text.delete(0, drop);
      base += drop;
    }
  }

  /** Characters currently held. */
  int retained() {
    return text.length();
  }
}
