package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.io.input.CloseShieldInputStream;
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
 * a message, the files of an archive. Their text goes into the host's text at that place. An
 * attachment of a mail comes after a line "Attachment: its name", a file of an archive after a line
 * "File: its name"; an embedded message starts with its own header lines.
 *
 * <p>Pictures are skipped (OCR reads image files and scanned PDF pages, not pictures inside
 * documents), and so are thumbnails, fonts and macros; drawings that hold text (EMF, WMF, SVG: an
 * embedded object's preview) are read. When a document has no text without them, its pictures are
 * read by OCR after all (see {@link #readPictures}). Nesting stops at {@value #MAX_DEPTH} levels,
 * and a host's documents after the first {@value #MAX_DOCUMENTS} are skipped (an archive of a
 * million empty files). An embedded document that cannot be read (damaged, encrypted) is noted in
 * the text and does not fail its host; the host's character limit and the interrupt still stop
 * everything. A PDF inside is read by Intake's PDF extractor, with OCR of its scanned pages, where
 * OCR works ({@link AttachedPdfs}); else, or where that extractor cannot read it, by Tika's PDF
 * parser, its text layer only.
 */
final class EmbeddedDocuments implements EmbeddedDocumentExtractor {

  static final int MAX_DEPTH = 5;
  static final int MAX_DOCUMENTS = 10_000;

  /** What kind of document holds the embedded ones: it decides their labels. */
  enum Host {
    /** A document with objects inside (Word, slides): embedded text comes without a label. */
    DOCUMENT,
    /** A mail message or a mailbox: attachments come after "Attachment: name". */
    MAIL,
    /** An archive or compressed file: each file comes after "File: name". */
    ARCHIVE
  }

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDocuments.class);
  private static final Set<String> SKIPPED_KINDS =
      Set.of("THUMBNAIL", "RENDERING", "FONT", "MACRO", "METADATA", "VERSION");
  private static final Set<String> IMAGE_EXTENSIONS =
      Set.of("png jpg jpeg gif bmp tif tiff webp pict ico".split(" "));
  private static final Set<String> VECTOR_EXTENSIONS = Set.of("emf", "wmf", "svg");
  private static final Set<String> VECTOR_TYPES =
      Set.of("image/emf", "image/x-emf", "image/wmf", "image/x-wmf", "image/svg+xml");

  private final Parser parser;
  private final ParseContext context;
  private final int maxCharacters;
  private PictureOcr pictures;
  private AttachedPdfs pdfs;
  private int picturesPassed;
  private int depth;
  private int mailDepth;
  private int archiveDepth;
  private int documents;

  /**
   * @param parser Tika's auto-detecting parser
   * @param context the host's parse context, which holds this extractor for nested documents
   * @param host what kind of document the host is
   */
  EmbeddedDocuments(Parser parser, ParseContext context, int maxCharacters, Host host) {
    this.parser = parser;
    this.context = context;
    this.maxCharacters = maxCharacters;
    this.mailDepth = host == Host.MAIL ? 1 : 0;
    this.archiveDepth = host == Host.ARCHIVE ? 1 : 0;
    if (context.get(PDFParserConfig.class) == null) {
      // Tika's PDF parser would hand a page with little text to an OCR parser, which Intake leaves
      // out (see TikaParsers), and fail on the null it finds instead.
      PDFParserConfig pdf = new PDFParserConfig();
      pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
      context.set(PDFParserConfig.class, pdf);
    }
  }

  /**
   * From now on, pictures are read by {@code ocr} rather than passed over (for a document that
   * proved to have no text without them).
   */
  void readPictures(PictureOcr ocr) {
    this.pictures = ocr;
  }

  /** From now on, PDFs inside are read by {@code pdfs}, with OCR. */
  void readPdfs(AttachedPdfs pdfs) {
    this.pdfs = pdfs;
  }

  /** How many pictures were passed over, unread. */
  int picturesPassed() {
    return picturesPassed;
  }

  @Override
  public boolean shouldParseEmbedded(Metadata metadata) {
    if (depth >= MAX_DEPTH || documents >= MAX_DOCUMENTS) {
      return false;
    }
    String kind = metadata.get(TikaCoreProperties.EMBEDDED_RESOURCE_TYPE);
    boolean picture = isPicture(metadata);
    if (picture && pictures != null) {
      return true; // a thumbnail too: a Pages or Keynote file may have no other picture of itself
    }
    if (kind != null && SKIPPED_KINDS.contains(kind)) {
      return false;
    }
    if (picture) {
      picturesPassed++;
      return false;
    }
    return true;
  }

  /** A picture, which only OCR reads; drawings that hold text (EMF, WMF, SVG) are not pictures. */
  private static boolean isPicture(Metadata metadata) {
    String type = metadata.get(Metadata.CONTENT_TYPE);
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    String ext = name == null ? "" : extension(name);
    if (VECTOR_EXTENSIONS.contains(ext) || (type != null && VECTOR_TYPES.contains(type))) {
      return false;
    }
    return (type != null && type.toLowerCase(Locale.ROOT).startsWith("image/"))
        || IMAGE_EXTENSIONS.contains(ext);
  }

  @Override
  public void parseEmbedded(
      InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
      throws SAXException, IOException {
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    if (pictures != null && isPicture(metadata)) {
      documents++;
      paragraph(handler, pictures.text(stream, name));
      return;
    }
    BodyTextHandler text = new BodyTextHandler(maxCharacters);
    String problem = null;
    boolean inMessage = MailHeaders.isMail(metadata.get(Metadata.CONTENT_TYPE));
    documents++;
    depth++;
    mailDepth += inMessage ? 1 : 0;
    // The shield keeps the host's stream open: an archive's next entry is read from it.
    try (TikaInputStream in = TikaInputStream.get(CloseShieldInputStream.wrap(stream))) {
      if (pdfs == null || pdfs.exhausted() || !isPdf(metadata) || !readPdf(in, text, name)) {
        parser.parse(
            in,
            new BodyContentHandler(new OutlookHeaderSkipper(text, metadata)),
            metadata,
            context);
      }
    } catch (EncryptedDocumentException e) {
      log.info("embedded document {} is encrypted; not read", name);
      problem = "(encrypted; not read)";
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      IngestException ours = TikaTextExtractor.findIngestException(e);
      if (ours != null) {
        throw ours;
      }
      if (pdfs != null && pdfs.thrownByHost(e)) {
        throw PageStream.rethrow(e); // the job was stopped while told of an OCR page
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
    boolean named = name != null && !name.isBlank() && !message;
    String note = problem == null ? "" : " " + problem;
    if (named && archiveDepth > 0) {
      paragraph(handler, "File: " + name + note);
    } else if (named && mailDepth > 0) {
      paragraph(handler, "Attachment: " + name + note);
    }
    paragraph(handler, headers);
    paragraph(handler, text.text());
  }

  private static boolean isPdf(Metadata metadata) {
    String type = metadata.get(Metadata.CONTENT_TYPE);
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    return (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/pdf"))
        || (name != null && extension(name).equals("pdf"));
  }

  /**
   * Reads the PDF in {@code in} with {@link #pdfs} into {@code text}; false, having read nothing,
   * where that extractor cannot (not a PDF after all, encrypted, damaged): Tika then tries.
   */
  private boolean readPdf(TikaInputStream in, BodyTextHandler text, String name)
      throws IOException, SAXException {
    String read;
    try {
      read = pdfs.text(in.getPath()); // the stream, spooled to a file it deletes when closed
    } catch (IngestException e) {
      if (!e.isPermanent() || e.code().equals("too_large")) {
        throw e; // interrupted, stopped, over the character limit: the host's failure
      }
      log.debug("embedded PDF {} left to Tika: {}", name, e.getMessage());
      return false;
    }
    char[] chars = read.toCharArray();
    text.characters(chars, 0, chars.length);
    return true;
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
