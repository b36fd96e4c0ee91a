package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.epub.EpubParser;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.odf.OpenDocumentParser;
import org.apache.tika.parser.txt.TXTParser;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Extracts the text of formats without pages (Word, OpenDocument, RTF, HTML, EPUB, plain text) with
 * Tika, as page 1 of 1. Each format has its parser named here rather than Tika's auto-detecting
 * parser: the set of formats stays explicit, and Tika does not load and initialise its other
 * hundred-odd parsers (and log about their missing optional libraries).
 *
 * <p>Embedded documents (images, spreadsheets inside a Word file) are skipped: without OCR an image
 * has no text, and an embedded object's text does not belong to a page of the host.
 */
final class TikaTextExtractor {

  private static final EmbeddedDocumentExtractor SKIP_EMBEDDED =
      new EmbeddedDocumentExtractor() {
        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
          return false;
        }

        @Override
        public void parseEmbedded(
            InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {}
      };

  private final Map<DocumentFormat, Parser> parsers = new EnumMap<>(DocumentFormat.class);
  private final int maxCharacters;

  TikaTextExtractor(int maxCharacters) {
    this.maxCharacters = maxCharacters;
    parsers.put(DocumentFormat.WORD, new OOXMLParser());
    parsers.put(DocumentFormat.WORD_97, new OfficeParser());
    parsers.put(DocumentFormat.OPEN_DOCUMENT_TEXT, new OpenDocumentParser());
    parsers.put(DocumentFormat.RTF, new RTFParser());
    parsers.put(DocumentFormat.HTML, new JSoupParser());
    parsers.put(DocumentFormat.EPUB, new EpubParser());
    parsers.put(DocumentFormat.TEXT, new TXTParser());
  }

  void extract(Path file, String filename, MediaType type, DocumentFormat format, PageStream out) {
    Parser parser = parsers.get(format);
    if (parser == null) {
      throw new IllegalArgumentException("no Tika parser for " + format);
    }
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
    metadata.set(Metadata.CONTENT_TYPE, type.toString());
    ParseContext context = new ParseContext();
    context.set(EmbeddedDocumentExtractor.class, SKIP_EMBEDDED);
    BodyTextHandler text = new BodyTextHandler(maxCharacters);
    HeadingHandler headings = new HeadingHandler(text, text::length);
    TikaInputStream in;
    try {
      in = TikaInputStream.get(file);
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
    try (in) {
      parser.parse(in, new BodyContentHandler(headings), metadata, context);
    } catch (EncryptedDocumentException e) {
      throw ParseFailures.encrypted("The document");
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      IngestException ours = findIngestException(e);
      if (ours != null) {
        throw ours;
      }
      throw ParseFailures.unreadable(file, format, e);
    }
    String body = text.text();
    out.documentInfo(TikaDocumentInfo.from(metadata));
    out.page(
        1,
        1,
        body,
        false,
        MarkdownHeadings.isMarkdown(type.toString(), filename)
            ? MarkdownHeadings.find(body)
            : headings.take());
  }

  /** Tika parsers may wrap what the handler threw (too large, interrupted); unwrap it. */
  private static IngestException findIngestException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IngestException ingest) {
        return ingest;
      }
    }
    return null;
  }
}
