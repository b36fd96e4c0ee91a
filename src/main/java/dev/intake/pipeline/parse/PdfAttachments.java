package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * The text of the files attached to a PDF, each after a line "Attachment: its name", as a mail's
 * attachments are (see {@link EmbeddedDocuments}, which parses them with Tika's standard parsers):
 * the files of FileAttachment annotations on the page that holds them, those of the document's
 * EmbeddedFiles name tree after the last page's text. A file attached twice is read once.
 *
 * <p>Bounded for a hostile file: at most {@value #MAX_ATTACHMENTS} files are read, each of at most
 * {@value #MAX_BYTES} bytes once decoded, nested documents {@value EmbeddedDocuments#MAX_DEPTH}
 * levels deep (a PDF attached to a PDF is read by Tika's PDF parser, so it cannot recurse through
 * this class), and the text of all of them together within the document's character limit; past it,
 * attachments are left out. An attachment that cannot be read (damaged, encrypted, too large, an
 * image) is noted, or skipped, with a log line; it never fails the PDF.
 */
final class PdfAttachments {

  static final int MAX_ATTACHMENTS = 100;
  static final long MAX_BYTES = 100L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(PdfAttachments.class);

  private final TikaParsers parsers;
  private final Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private long charactersLeft;
  private int taken;

  PdfAttachments(TikaParsers parsers, int maxCharacters) {
    this.parsers = parsers;
    this.charactersLeft = maxCharacters;
  }

  /** The text of the files attached to {@code page} by annotations; empty if none. */
  String onPage(PDPage page) {
    StringBuilder out = new StringBuilder();
    if (page == null
        || !(page.getCOSObject().getDictionaryObject(COSName.ANNOTS) instanceof COSArray annots)) {
      return "";
    }
    for (int i = 0; i < annots.size() && hasRoom(); i++) {
      if (annots.getObject(i) instanceof COSDictionary annotation
          && COSName.getPDFName(PDAnnotationFileAttachment.SUB_TYPE)
              .equals(annotation.getCOSName(COSName.SUBTYPE))) {
        read(fileOf(new PDAnnotationFileAttachment(annotation)), null, out);
      }
    }
    return out.toString();
  }

  /** The text of the files in the document's EmbeddedFiles name tree; empty if none. */
  String ofDocument(PDDocument document) {
    StringBuilder out = new StringBuilder();
    PDDocumentNameDictionary names;
    try {
      names = document.getDocumentCatalog().getNames();
    } catch (RuntimeException e) {
      log.debug("PDF name dictionary could not be read", e);
      return "";
    }
    if (names != null) {
      PdfNameTrees.forEach(
          names.getEmbeddedFiles(),
          (key, spec) -> {
            read(spec, key, out);
            return hasRoom();
          });
    }
    return out.toString();
  }

  private boolean hasRoom() {
    return taken < MAX_ATTACHMENTS && charactersLeft > 0;
  }

  private static PDComplexFileSpecification fileOf(PDAnnotationFileAttachment annotation) {
    try {
      PDFileSpecification spec = annotation.getFile();
      return spec instanceof PDComplexFileSpecification complex ? complex : null;
    } catch (IOException | RuntimeException e) {
      log.debug("PDF file attachment annotation has an unreadable file", e);
      return null;
    }
  }

  private void read(PDComplexFileSpecification spec, String key, StringBuilder out) {
    PDEmbeddedFile file = spec == null ? null : embeddedFile(spec);
    // a file specification without an embedded file names a file outside the PDF
    if (file == null || !hasRoom() || !seen.add(file.getCOSObject())) {
      return;
    }
    taken++;
    String name = name(spec, key);
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    ParseContext context = new ParseContext();
    EmbeddedDocuments embedded =
        new EmbeddedDocuments(
            parsers.autoDetect(),
            context,
            (int) Math.min(charactersLeft, Integer.MAX_VALUE),
            EmbeddedDocuments.Host.MAIL); // files inside come after "Attachment: name", as in mail
    context.set(EmbeddedDocumentExtractor.class, embedded);
    if (!embedded.shouldParseEmbedded(metadata)) {
      log.info("PDF attachment {} skipped: an image", name);
      return;
    }
    BodyTextHandler text = new BodyTextHandler(Integer.MAX_VALUE);
    try (InputStream in = new Bounded(file.createInputStream(), MAX_BYTES)) {
      embedded.parseEmbedded(in, text, metadata, false);
    } catch (IngestException e) {
      if (!"too_large".equals(e.code())) {
        throw e;
      }
      log.info("PDF attachment {} not read: its text passes the character limit", name);
      charactersLeft = 0;
      append(out, "Attachment: " + name + " (too large; not read)");
      return;
    } catch (IOException | SAXException | RuntimeException e) {
      log.info("PDF attachment {} could not be read: {}", name, e.toString());
      append(out, "Attachment: " + name + " (could not be read)");
      return;
    }
    String read = text.text();
    charactersLeft -= read.length();
    append(out, read);
  }

  private static void append(StringBuilder out, String text) {
    if (!text.isBlank()) {
      out.append("\n\n").append(text);
    }
  }

  private static PDEmbeddedFile embeddedFile(PDComplexFileSpecification spec) {
    try {
      PDEmbeddedFile file = spec.getEmbeddedFileUnicode();
      file = file != null ? file : spec.getEmbeddedFile();
      file = file != null ? file : spec.getEmbeddedFileDos();
      file = file != null ? file : spec.getEmbeddedFileMac();
      return file != null ? file : spec.getEmbeddedFileUnix();
    } catch (RuntimeException e) {
      log.debug("PDF attachment has an unreadable embedded file", e);
      return null;
    }
  }

  /** The file's name: /UF, else /F (and the older variants), else the name tree's key. */
  private static String name(PDComplexFileSpecification spec, String key) {
    String name = null;
    try {
      name = spec.getFileUnicode();
      name = name != null && !name.isBlank() ? name : spec.getFilename();
    } catch (RuntimeException e) {
      log.debug("PDF attachment has an unreadable name", e);
    }
    name = name != null && !name.isBlank() ? name : key;
    name = name == null ? "" : Heading.normalizeTitle(name);
    return name.isEmpty() ? "attachment" : name;
  }

  /** Fails the read once more than {@code limit} bytes came through. */
  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private long count;

    Bounded(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) throws IOException {
      count += n;
      if (count > limit) {
        throw new IOException("attachment is larger than " + limit + " bytes");
      }
    }
  }
}
