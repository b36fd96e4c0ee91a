package dev.intake.pipeline.parse;

import java.io.InputStream;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.xml.DomXmpParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a PDF says about itself: /Title, /Author and /CreationDate of its document information
 * dictionary, and the catalog's /Lang. Where the dictionary has no title or author, the XMP
 * metadata's dc:title and dc:creator stand in (PDF 2.0 deprecates the dictionary for XMP). A value
 * that cannot be read is left out; it never fails the document.
 */
final class PdfDocumentInfo {

  /** XMP packets are small; a larger one is not parsed. */
  static final int MAX_XMP_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(PdfDocumentInfo.class);

  private PdfDocumentInfo() {}

  static DocumentInfo read(PDDocument document) {
    String title = null;
    String author = null;
    Instant created = null;
    try {
      PDDocumentInformation info = document.getDocumentInformation();
      title = info.getTitle();
      author = info.getAuthor();
      Calendar date = info.getCreationDate();
      created = date == null ? null : date.toInstant();
    } catch (RuntimeException e) {
      log.debug("PDF document information could not be read", e);
    }
    PDDocumentCatalog catalog = document.getDocumentCatalog();
    String language = null;
    try {
      language = catalog.getLanguage();
    } catch (RuntimeException e) {
      log.debug("PDF /Lang could not be read", e);
    }
    DocumentInfo fromInfo = new DocumentInfo(title, author, language, created);
    if (fromInfo.title() != null && fromInfo.author() != null) {
      return fromInfo;
    }
    DocumentInfo xmp = dublinCore(catalog);
    return new DocumentInfo(
        fromInfo.title() != null ? fromInfo.title() : xmp.title(),
        fromInfo.author() != null ? fromInfo.author() : xmp.author(),
        fromInfo.language(),
        fromInfo.created());
  }

  /** dc:title and dc:creator of the XMP metadata, as a title and an author. */
  private static DocumentInfo dublinCore(PDDocumentCatalog catalog) {
    try {
      PDMetadata metadata = catalog.getMetadata();
      if (metadata == null) {
        return DocumentInfo.NONE;
      }
      byte[] xmp;
      try (InputStream in = metadata.createInputStream()) {
        xmp = in.readNBytes(MAX_XMP_BYTES + 1);
      }
      if (xmp.length > MAX_XMP_BYTES) {
        return DocumentInfo.NONE;
      }
      DomXmpParser parser = new DomXmpParser();
      parser.setStrictParsing(false);
      XMPMetadata parsed = parser.parse(xmp);
      DublinCoreSchema dc = parsed.getDublinCoreSchema();
      return dc == null
          ? DocumentInfo.NONE
          : new DocumentInfo(dc.getTitle(), creators(dc.getCreators()), null, null);
    } catch (Exception e) {
      // XmpParsingException, IOException, and whatever a malformed packet makes the parser throw
      log.debug("PDF XMP metadata could not be read", e);
      return DocumentInfo.NONE;
    }
  }

  private static String creators(List<String> creators) {
    if (creators == null) {
      return null;
    }
    List<String> names =
        creators.stream()
            .filter(Objects::nonNull)
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    return names.isEmpty() ? null : String.join(", ", names);
  }
}
