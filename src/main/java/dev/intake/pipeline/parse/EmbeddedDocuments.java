package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.XHTMLContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Parses the documents inside a document where they sit: a mail's body parts and attachments, a
 * Word file's OLE objects and alt-chunks (HTML, MHT), the messages of a mailbox, a PDF attached to
 * a message. Their text goes into the host's text at that place. An attachment of a mail comes
 * after a line "Attachment: its name"; an embedded message starts with its own header lines.
 *
 * <p>Images are skipped (OCR reads image files and scanned PDF pages, not pictures inside
 * documents), and so are thumbnails, fonts and macros. Nesting stops at {@value #MAX_DEPTH} levels.
 * An embedded document that cannot be read (damaged, encrypted) is noted in the text and does not
 * fail its host; the host's character limit and the interrupt still stop everything. A PDF inside
 * is read by Tika's PDF parser, its text layer only (no OCR).
 */
final class EmbeddedDocuments implements EmbeddedDocumentExtractor {

  static final int MAX_DEPTH = 5;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDocuments.class);
  private static final Set<String> SKIPPED_KINDS =
      Set.of("THUMBNAIL", "RENDERING", "FONT", "MACRO", "METADATA", "VERSION");
  private static final Set<String> IMAGE_EXTENSIONS =
      Set.of("png jpg jpeg gif bmp tif tiff emf wmf svg webp pict ico".split(" "));

  private final Parser parser;
  private final ParseContext context;
  private final int maxCharacters;
  private int depth;
  private int mailDepth;

  /**
   * @param parser Tika's auto-detecting parser
   * @param context the host's parse context, which holds this extractor for nested documents
   * @param hostIsMail whether the host document is a mail message or a mailbox
   */
  EmbeddedDocuments(Parser parser, ParseContext context, int maxCharacters, boolean hostIsMail) {
    this.parser = parser;
    this.context = context;
    this.maxCharacters = maxCharacters;
    this.mailDepth = hostIsMail ? 1 : 0;
    if (context.get(PDFParserConfig.class) == null) {
      // Tika's PDF parser would hand a page with little text to an OCR parser, which Intake leaves
      // out (see TikaParsers), and fail on the null it finds instead.
      PDFParserConfig pdf = new PDFParserConfig();
      pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
      context.set(PDFParserConfig.class, pdf);
    }
  }

  @Override
  public boolean shouldParseEmbedded(Metadata metadata) {
    if (depth >= MAX_DEPTH) {
      return false;
    }
    String kind = metadata.get(TikaCoreProperties.EMBEDDED_RESOURCE_TYPE);
    if (kind != null && SKIPPED_KINDS.contains(kind)) {
      return false;
    }
    String type = metadata.get(Metadata.CONTENT_TYPE);
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("image/")) {
      return false;
    }
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    return name == null || !IMAGE_EXTENSIONS.contains(extension(name));
  }

  @Override
  public void parseEmbedded(
      InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
      throws SAXException, IOException {
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    BodyTextHandler text = new BodyTextHandler(maxCharacters);
    String problem = null;
    boolean inMessage = MailHeaders.isMail(metadata.get(Metadata.CONTENT_TYPE));
    depth++;
    mailDepth += inMessage ? 1 : 0;
    try (TikaInputStream in = TikaInputStream.get(stream)) {
      parser.parse(
          in, new BodyContentHandler(new OutlookHeaderSkipper(text, metadata)), metadata, context);
    } catch (EncryptedDocumentException e) {
      log.info("embedded document {} is encrypted; not read", name);
      problem = "(encrypted; not read)";
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      IngestException ours = TikaTextExtractor.findIngestException(e);
      if (ours != null) {
        throw ours;
      }
      log.info("embedded document {} could not be read: {}", name, e.toString());
      log.debug("embedded document {} could not be read", name, e);
      problem = "(could not be read)";
    } finally {
      depth--;
      mailDepth -= inMessage ? 1 : 0;
    }
    boolean message = MailHeaders.isMail(metadata.get(Metadata.CONTENT_TYPE));
    String headers = message ? MailHeaders.text(metadata) : "";
    boolean attachment = mailDepth > 0 && name != null && !name.isBlank() && !message;
    if (attachment) {
      paragraph(handler, "Attachment: " + name + (problem == null ? "" : " " + problem));
    }
    paragraph(handler, headers);
    paragraph(handler, text.text());
  }

  private static void paragraph(ContentHandler handler, String text) throws SAXException {
    if (text.isBlank()) {
      return;
    }
    AttributesImpl none = new AttributesImpl();
    handler.startElement(XHTMLContentHandler.XHTML, "p", "p", none);
    char[] chars = text.toCharArray();
    handler.characters(chars, 0, chars.length);
    handler.endElement(XHTMLContentHandler.XHTML, "p", "p");
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
