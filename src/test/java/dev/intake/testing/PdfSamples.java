package dev.intake.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;

/**
 * Builds PDFs with PDFBox for tests: pages of text lines, outline items, document information, and
 * attached files (in the EmbeddedFiles name tree, or by a FileAttachment annotation on a page).
 */
public final class PdfSamples implements AutoCloseable {

  private final PDDocument doc = new PDDocument();
  private final Map<String, PDComplexFileSpecification> embedded = new java.util.LinkedHashMap<>();

  /** Adds a page that shows {@code lines}, one under the other. */
  public PdfSamples page(String... lines) throws IOException {
    PDPage page = new PDPage();
    doc.addPage(page);
    try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
      content.beginText();
      content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
      content.setLeading(18);
      content.newLineAtOffset(72, 720);
      for (String line : lines) {
        content.showText(line);
        content.newLine();
      }
      content.endText();
    }
    return this;
  }

  public PDDocument document() {
    return doc;
  }

  /** The outline's root, created on first use. */
  public PDDocumentOutline outline() {
    PDDocumentOutline outline = doc.getDocumentCatalog().getDocumentOutline();
    if (outline == null) {
      outline = new PDDocumentOutline();
      doc.getDocumentCatalog().setDocumentOutline(outline);
    }
    return outline;
  }

  /** Adds an outline item under {@code parent} that points to page {@code pageNumber} (1-based). */
  public PDOutlineItem bookmark(PDOutlineNode parent, String title, int pageNumber) {
    PDOutlineItem item = new PDOutlineItem();
    item.setTitle(title);
    if (pageNumber > 0) {
      PDPageFitDestination destination = new PDPageFitDestination();
      destination.setPage(doc.getPage(pageNumber - 1));
      item.setDestination(destination);
    }
    parent.addLast(item);
    return item;
  }

  /** Sets the document information dictionary's title, author and creation date, and /Lang. */
  public PdfSamples info(String title, String author, Calendar created, String language) {
    doc.getDocumentInformation().setTitle(title);
    doc.getDocumentInformation().setAuthor(author);
    doc.getDocumentInformation().setCreationDate(created);
    doc.getDocumentCatalog().setLanguage(language);
    return this;
  }

  /** Attaches a file to the document (its EmbeddedFiles name tree). */
  public PdfSamples attach(String name, byte[] data) throws IOException {
    embedded.put(name, fileSpec(name, data));
    PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
    tree.setNames(embedded);
    PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
    names.setEmbeddedFiles(tree);
    doc.getDocumentCatalog().setNames(names);
    return this;
  }

  /** Attaches a file to page {@code pageNumber} by a FileAttachment annotation. */
  public PdfSamples annotate(int pageNumber, String name, byte[] data) throws IOException {
    PDAnnotationFileAttachment annotation = new PDAnnotationFileAttachment();
    annotation.setFile(fileSpec(name, data));
    annotation.setRectangle(new PDRectangle(500, 700, 20, 20));
    PDPage page = doc.getPage(pageNumber - 1);
    List<org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation> annotations =
        new ArrayList<>(page.getAnnotations());
    annotations.add(annotation);
    page.setAnnotations(annotations);
    return this;
  }

  private PDComplexFileSpecification fileSpec(String name, byte[] data) throws IOException {
    PDEmbeddedFile file =
        new PDEmbeddedFile(doc, new ByteArrayInputStream(data), COSName.FLATE_DECODE);
    file.setSize(data.length);
    PDComplexFileSpecification spec = new PDComplexFileSpecification();
    spec.setFile(name);
    spec.setFileUnicode(name);
    spec.setEmbeddedFile(file);
    spec.setEmbeddedFileUnicode(file);
    return spec;
  }

  public byte[] bytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    doc.close();
  }
}
