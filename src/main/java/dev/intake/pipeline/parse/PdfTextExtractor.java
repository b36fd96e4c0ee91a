package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.PdfOcr;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorName;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Streams a PDF's text page by page with PDFBox, in one pass over the page tree.
 *
 * <p>Why PDFBox directly rather than Tika's PDF parser with a per-page SAX handler: both spend
 * their time in the same {@link PDFTextStripper} (Tika's PDF2XHTML extends it), so speed does not
 * decide it. Measured on 164 real PDFs (11,629 pages: the R and LaTeX manuals from Debian), warm
 * runs, interleaved on a shared 2-core machine: this class 22.5-23.2 s thread CPU and 37.1-38.9 s
 * process CPU, Tika 24.1-24.4 s and 42.8-44.0 s; an earlier pair of runs, before text clean-up was
 * added, had Tika 1-2 s ahead, so call it even. Going direct gives the page count before the first
 * page, PDFBox's own exception types (encrypted, damaged), the page-tree repair of {@link
 * RecoveringPdfParser} (Tika rejects such files), and control over what else goes into a page: Tika
 * writes the outline's titles into the text, where here they become headings. A stripper run once
 * per page with {@code setStartPage/setEndPage} is the slow option: it walks the page tree on every
 * call, 22.4 s against 8-11 s for this single pass on the 2,415-page R reference manual.
 *
 * <p>Memory stays flat: the file is read through a paged buffer rather than loaded, a page's
 * content stream is decoded only while that page is processed, decrypted streams go to a temporary
 * file (see {@link RecoveringPdfParser}), and each page's text is handed on and dropped before the
 * next page. That 2,415-page manual parses in a 96 MB heap, the live heap after a full GC going
 * from 88 MB at page 300 to 90 MB at page 2,400.
 *
 * <p>A page without a text layer that draws an image is handed to {@link PdfOcr} when its text pass
 * ends, and OCR's text takes the place of its (empty) text layer.
 *
 * <p>Besides its text, a page carries the headings the outline puts on it (see {@link PdfOutline})
 * and, after its text, its form fields' values and readers' comments (see {@link PdfFormText}) and
 * the text of the files its annotations attach; the last page also that of the files attached to
 * the document (see {@link PdfAttachments}). Attachments never add pages: the page count stays the
 * PDF's. What the PDF says about itself comes from {@link PdfDocumentInfo}.
 */
final class PdfTextExtractor {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(PdfTextExtractor.class);

  private final Ocr ocr;
  private final TikaParsers parsers;
  private final int maxCharacters;

  /**
   * @param parsers parse the files attached to a PDF
   * @param maxCharacters the most characters read from all of a PDF's attachments together
   */
  PdfTextExtractor(Ocr ocr, TikaParsers parsers, int maxCharacters) {
    this.ocr = ocr;
    this.parsers = parsers;
    this.maxCharacters = maxCharacters;
  }

  void extract(Path file, PageStream out) {
    PDDocument document = open(file);
    try {
      List<PDPage> pages = pages(document);
      int totalPages = Math.max(pages.size(), declaredPagesOfRebuiltTree(document, pages.size()));
      out.documentInfo(PdfDocumentInfo.read(document));
      PdfOutline outline = PdfOutline.read(document, numbers(pages));
      PdfAttachments attachments = new PdfAttachments(parsers, maxCharacters);
      PdfOcr pageOcr = ocr.forPdf(document, out::ocrStarting);
      PageEmitter emitter =
          new PageEmitter(
              out, totalPages, pages, outline, attachments, new PdfFormText(document), document);
      new PageStreamingStripper(emitter, pageOcr).streamPages(document);
      out.ocrOutcome(pageOcr.pagesRead(), pageOcr.notReadReason());
    } catch (IOException | RuntimeException e) {
      if (e instanceof IngestException || out.thrownBySink(e)) {
        throw PageStream.rethrow(e);
      }
      throw ParseFailures.unreadable(file, DocumentFormat.PDF, e);
    } finally {
      IOUtils.closeQuietly(document);
    }
  }

  private static PDDocument open(Path file) {
    RandomAccessReadBufferedFile source;
    try {
      source = new RandomAccessReadBufferedFile(file);
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
    try {
      // The document owns the source from here on and closes it.
      return new RecoveringPdfParser(source).parse();
    } catch (InvalidPasswordException e) {
      IOUtils.closeQuietly(source);
      throw ParseFailures.encrypted(DocumentFormat.PDF);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeQuietly(source);
      throw ParseFailures.unreadable(file, DocumentFormat.PDF, e);
    }
  }

  /**
   * The pages the stripper will visit. The root's /Count entry can disagree with the tree in a
   * damaged file; walking the tree cannot, and it parses only objects the text pass needs.
   */
  private static List<PDPage> pages(PDDocument document) {
    List<PDPage> pages = new ArrayList<>();
    for (PDPage page : document.getPages()) {
      pages.add(page);
    }
    return pages;
  }

  /** Each page's dictionary and its number, for finding where outline items point. */
  private static Map<COSDictionary, Integer> numbers(List<PDPage> pages) {
    Map<COSDictionary, Integer> numbers = new IdentityHashMap<>();
    for (int i = 0; i < pages.size(); i++) {
      numbers.putIfAbsent(pages.get(i).getCOSObject(), i + 1);
    }
    return numbers;
  }

  /**
   * When the page tree had to be rebuilt, pages may be lost with it. A linearized file still
   * declares its page count up front (/N of the linearization dictionary); the lost pages are then
   * reported as empty, so the document keeps its real length and page numbers.
   */
  private static int declaredPagesOfRebuiltTree(PDDocument document, int found) {
    if (!document.getPages().getCOSObject().getBoolean(RecoveringPdfParser.REBUILT, false)) {
      return 0;
    }
    COSDictionary linearized = document.getDocument().getLinearizedDictionary();
    int declared = linearized == null ? 0 : linearized.getInt(COSName.N, 0);
    if (declared > found) {
      log.warn(
          "PDF declares {} pages but only {} could be recovered; the rest are empty",
          declared,
          found);
    }
    return declared;
  }

  /**
   * Hands a page to the {@link PageStream} with what belongs to it besides its text: the headings
   * the outline puts on it, the text of the files its annotations attach, and on the last page that
   * of the files attached to the document.
   */
  private static final class PageEmitter {
    private final PageStream out;
    private final int totalPages;
    private final List<PDPage> pages;
    private final PdfOutline outline;
    private final PdfAttachments attachments;
    private final PdfFormText form;
    private final PDDocument document;

    PageEmitter(
        PageStream out,
        int totalPages,
        List<PDPage> pages,
        PdfOutline outline,
        PdfAttachments attachments,
        PdfFormText form,
        PDDocument document) {
      this.out = out;
      this.totalPages = totalPages;
      this.pages = pages;
      this.outline = outline;
      this.attachments = attachments;
      this.form = form;
      this.document = document;
    }

    int totalPages() {
      return totalPages;
    }

    void page(int number, CharSequence text, boolean hasImage) {
      List<Heading> headings = outline.headingsOn(number, text);
      PDPage page = number <= pages.size() ? pages.get(number - 1) : null;
      String filledIn = form.after(page, number == totalPages);
      String attached = attachments.onPage(page);
      if (number == totalPages) {
        attached += attachments.ofDocument(document);
      }
      String extra = (filledIn.isEmpty() ? "" : "\n\n" + filledIn) + attached;
      CharSequence full = extra.isEmpty() ? text : text + extra;
      out.page(number, totalPages, full, hasImage, headings);
    }

    /**
     * Fills the gap before {@code pageNumber} with empty pages: PDFBox skips pages without content.
     */
    void emptyPagesBefore(int pageNumber) {
      for (int n = out.pages() + 1; n < pageNumber; n++) {
        page(n, "", false);
      }
    }
  }

  /**
   * Hands each page's text on as soon as the page is done. PDFBox skips pages without a content
   * stream, so the gaps they leave are filled with empty pages to keep the numbering right. It also
   * notes whether a page draws an image, which decides OCR.
   */
  private static final class PageStreamingStripper extends PDFTextStripper {

    private final StringWriter pageText = new StringWriter();
    private final PageEmitter out;
    private final int totalPages;
    private final PdfOcr ocr;
    private boolean pageHasImage;

    PageStreamingStripper(PageEmitter out, PdfOcr ocr) {
      this.out = out;
      this.totalPages = out.totalPages();
      this.ocr = ocr;
      setLineSeparator("\n");
      // A blank line where PDFBox sees a paragraph end keeps paragraphs apart for the chunker.
      setParagraphEnd("\n");
    }

    void streamPages(PDDocument document) throws IOException {
      writeText(document, pageText);
      out.emptyPagesBefore(totalPages + 1);
    }

    @Override
    protected void startPage(PDPage page) throws IOException {
      out.emptyPagesBefore(getCurrentPageNo());
      pageText.getBuffer().setLength(0);
      pageHasImage = false;
      super.startPage(page);
    }

    @Override
    protected void endPage(PDPage page) throws IOException {
      super.endPage(page);
      int number = getCurrentPageNo();
      String read = ocr.pageText(page, number, totalPages, pageText.getBuffer(), pageHasImage);
      out.page(number, read != null ? read : pageText.getBuffer(), pageHasImage);
      pageText.getBuffer().setLength(0);
    }

    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
      if (!pageHasImage) {
        pageHasImage = drawsImage(operator, operands);
      }
      super.processOperator(operator, operands);
    }

    private boolean drawsImage(Operator operator, List<COSBase> operands) {
      String name = operator.getName();
      if (OperatorName.BEGIN_INLINE_IMAGE.equals(name)) {
        return true;
      }
      if (!OperatorName.DRAW_OBJECT.equals(name)
          || operands.isEmpty()
          || !(operands.get(0) instanceof COSName xobject)) {
        return false;
      }
      PDResources resources = getResources();
      return resources != null && resources.isImageXObject(xobject);
    }
  }
}
