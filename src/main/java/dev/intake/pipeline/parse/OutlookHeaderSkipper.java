package dev.intake.pipeline.parse;

import java.util.Locale;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Drops the subject heading and the list of senders and recipients that Tika writes at the top of
 * an Outlook message's text, so that an MSG starts with the same header lines as an EML (see {@link
 * MailHeaders}) instead of two versions of them. Other documents pass unchanged: the type is read
 * from the metadata at the first element, when the parser has set it.
 */
final class OutlookHeaderSkipper extends ContentHandlerDecorator {

  private final Metadata metadata;
  private Boolean outlook;
  private boolean bodyStarted;
  private int skipping;

  OutlookHeaderSkipper(ContentHandler handler, Metadata metadata) {
    super(handler);
    this.metadata = metadata;
  }

  @Override
  public void startElement(String uri, String localName, String name, Attributes atts)
      throws SAXException {
    if (outlook == null) {
      String type = metadata.get(Metadata.CONTENT_TYPE);
      outlook =
          type != null && type.toLowerCase(Locale.ROOT).startsWith("application/vnd.ms-outlook");
    }
    if (skipping > 0) {
      skipping++;
      return;
    }
    if (outlook && !bodyStarted && (localName.equals("h1") || localName.equals("dl"))) {
      skipping = 1;
      return;
    }
    if (!localName.equals("body") && !localName.equals("html")) {
      bodyStarted = true;
    }
    super.startElement(uri, localName, name, atts);
  }

  @Override
  public void endElement(String uri, String localName, String name) throws SAXException {
    if (skipping > 0) {
      skipping--;
      return;
    }
    super.endElement(uri, localName, name);
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (skipping == 0) {
      super.characters(ch, start, length);
    }
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    if (skipping == 0) {
      super.ignorableWhitespace(ch, start, length);
    }
  }
}
