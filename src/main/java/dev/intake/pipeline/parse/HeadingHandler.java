package dev.intake.pipeline.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Notes the headings ({@code h1} to {@code h6}) of the XHTML body a Tika parser writes, and passes
 * every event on to the handler it decorates. Tika writes a Word or OpenDocument heading style, and
 * an HTML page's own headings, as these elements.
 *
 * <p>A heading's offset is the decorated handler's text position when the heading element starts,
 * read from {@code textPosition}: put this decorator in front of the handler that collects the page
 * text, and call {@link #take()} when that page's text is handed on, before the text buffer is
 * reset for the next page. A heading inside a heading is part of the outer one's title.
 */
final class HeadingHandler extends ContentHandlerDecorator {

  /**
   * Raw characters of a title collected at most; {@link Heading#normalizeTitle} cuts it further.
   */
  private static final int MAX_RAW_TITLE = 4 * Heading.MAX_TITLE_CHARS;

  private final IntSupplier textPosition;
  private final List<Heading> headings = new ArrayList<>();
  private final StringBuilder title = new StringBuilder();
  private int level;
  private int depth;
  private int offset;

  HeadingHandler(ContentHandler text, IntSupplier textPosition) {
    super(text);
    this.textPosition = textPosition;
  }

  /** The headings noted since the last call, in text order. */
  List<Heading> take() {
    List<Heading> taken = List.copyOf(headings);
    headings.clear();
    return taken;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    int headingLevel = headingLevel(localName);
    if (headingLevel > 0 && depth++ == 0) {
      level = headingLevel;
      offset = textPosition.getAsInt();
      title.setLength(0);
    }
    super.startElement(uri, localName, qName, atts);
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (depth > 0 && title.length() < MAX_RAW_TITLE) {
      title.append(ch, start, Math.min(length, MAX_RAW_TITLE - title.length()));
    }
    super.characters(ch, start, length);
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    super.endElement(uri, localName, qName);
    if (depth > 0 && headingLevel(localName) > 0 && --depth == 0) {
      String text = Heading.normalizeTitle(title);
      if (!text.isEmpty()) {
        headings.add(new Heading(level, text, offset));
      }
    }
  }

  /** 1 to 6 for {@code h1} to {@code h6}, else 0. */
  static int headingLevel(String localName) {
    if (localName.length() == 2
        && (localName.charAt(0) == 'h' || localName.charAt(0) == 'H')
        && localName.charAt(1) >= '1'
        && localName.charAt(1) <= '6') {
      return localName.charAt(1) - '0';
    }
    return 0;
  }
}
