package dev.intake.pipeline.parse;

import java.util.Set;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects the text of the XHTML body a Tika parser writes, with a blank line after each block such
 * as a paragraph or heading, a line break after list items and table rows, and a tab between cells.
 * (Tika's own text handlers end a paragraph with a single line break, which loses the paragraph
 * structure the chunker splits on.) Stops with a permanent {@code too_large} failure past a
 * character limit, and with {@code interrupted} when the thread is interrupted: Tika parses a whole
 * file in one call, so this is where long work can be stopped.
 */
final class BodyTextHandler extends DefaultHandler {

  private static final Set<String> BLOCKS =
      Set.of("p h1 h2 h3 h4 h5 h6 pre blockquote div section article ul ol dl table".split(" "));
  private static final Set<String> LINES = Set.of("br", "li", "dt", "dd", "tr");
  private static final Set<String> CELLS = Set.of("td", "th");

  private final StringBuilder text = new StringBuilder();
  private final int maxCharacters;

  BodyTextHandler(int maxCharacters) {
    this.maxCharacters = maxCharacters;
  }

  /** Whether the end of element {@code localName} ends a block of text, such as a paragraph. */
  static boolean endsBlock(String localName) {
    return BLOCKS.contains(localName);
  }

  String text() {
    return text.toString();
  }

  /** Characters collected so far: where the next text goes (see {@link HeadingHandler}). */
  int length() {
    return text.length();
  }

  @Override
  public void characters(char[] ch, int start, int length) {
    append(ch, start, length);
  }

  /**
   * Tika's XHTML writer reports its own layout here (a line break after blocks, a tab before list
   * items and cells); the breaks this handler adds replace it.
   */
  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) {}

  @Override
  public void endElement(String uri, String localName, String qName) {
    // Nested blocks stack breaks up; TextCleaner shrinks each run to one blank line.
    if (BLOCKS.contains(localName)) {
      append("\n\n");
    } else if (LINES.contains(localName)) {
      append("\n");
    } else if (CELLS.contains(localName)) {
      append("\t");
    }
  }

  private void append(String separator) {
    append(separator.toCharArray(), 0, separator.length());
  }

  private void append(char[] ch, int start, int length) {
    PageStream.checkInterrupted();
    if (text.length() + (long) length > maxCharacters) {
      throw TextLimit.tooLarge(maxCharacters);
    }
    text.append(ch, start, length);
  }
}
