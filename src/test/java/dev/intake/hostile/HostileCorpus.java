package dev.intake.hostile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The hostile corpus of the fault-isolation acceptance, generated into a directory at test time
 * (nothing big is committed): zip bombs as DOCX, ODT, EPUB and XLSX; billion laughs in DOCX and
 * XHTML; a PDF content stream of hundreds of MB of text; a PDF page-tree loop; a 45 MB single-line
 * text file; random bytes named {@code .txt}; 200,000 nested {@code <div>}s; a zip of 100,000
 * entries; and for OCR, a PNG decompression bomb, a TIFF of 10,000 pages, a scanned PDF page of
 * absurd size, one whose rendering never ends, and a scan of thousands of pages.
 */
public final class HostileCorpus {
  /** The single-line text file is 45 MB at every scale: the size that aborted the JVM. */
  public static final long SINGLE_LINE_BYTES = 45L * 1024 * 1024;

  /** The TIFF's pages, at every scale: ten times the default OCR page limit. */
  public static final int TIFF_PAGES = 10_000;

  /**
   * How big the generated attacks are.
   *
   * @param inflatedBytes what each zip bomb's main part inflates to
   * @param pdfTextBytes the uncompressed size of the huge PDF content stream
   * @param scannedPages the pages of the PDF scan without a text layer
   */
  public record Scale(long inflatedBytes, long pdfTextBytes, int scannedPages) {
    /**
     * Hundreds of MB, sized so that the whole corpus runs in CI in minutes; the scan has more pages
     * than the CI's OCR page limit, far fewer than the default's.
     */
    public static final Scale CI = new Scale(256L << 20, 300L << 20, 200);

    /** The fault suite's: past any parser heap of the defaults, a scan of 20,000 pages. */
    public static final Scale FULL = new Scale(1L << 30, 600L << 20, 20_000);
  }

  private HostileCorpus() {}

  /** Writes every hostile file into {@code dir}; returns them in upload order. */
  public static List<HostileFile> write(Path dir, Scale scale) throws IOException {
    List<HostileFile> files = new ArrayList<>();
    long mb = scale.inflatedBytes() >> 20;
    files.add(
        new HostileFile(
            "bomb.docx",
            ZipBombs.docx(dir.resolve("bomb.docx"), scale.inflatedBytes()),
            "zip bomb: word/document.xml inflates to " + mb + " MB",
            true));
    files.add(
        new HostileFile(
            "bomb.odt",
            ZipBombs.odt(dir.resolve("bomb.odt"), scale.inflatedBytes()),
            "zip bomb: content.xml inflates to " + mb + " MB",
            true));
    files.add(
        new HostileFile(
            "bomb.epub",
            ZipBombs.epub(dir.resolve("bomb.epub"), scale.inflatedBytes()),
            "zip bomb: the chapter inflates to " + mb + " MB",
            true));
    files.add(
        new HostileFile(
            "bomb.xlsx",
            ZipBombs.xlsx(dir.resolve("bomb.xlsx"), scale.inflatedBytes()),
            "zip bomb: the sheet inflates to " + mb + " MB",
            false));
    files.add(
        new HostileFile(
            "bomb.txt.gz",
            ZipBombs.gzipText(dir.resolve("bomb.txt.gz"), scale.inflatedBytes()),
            "gzip bomb: the text inflates to " + mb + " MB",
            false));
    files.add(
        new HostileFile(
            "laughs.docx",
            EntityExpansions.docx(dir.resolve("laughs.docx")),
            "billion laughs: 10^9 entity expansions in word/document.xml",
            false));
    files.add(
        new HostileFile(
            "laughs.xhtml",
            EntityExpansions.xhtml(dir.resolve("laughs.xhtml")),
            "billion laughs: 10^9 entity expansions in XHTML",
            true));
    files.add(
        new HostileFile(
            "huge-text.pdf",
            HostilePdfs.hugeTextStream(dir.resolve("huge-text.pdf"), scale.pdfTextBytes()),
            "one page whose content stream draws " + (scale.pdfTextBytes() >> 20) + " MB of text",
            true));
    files.add(
        new HostileFile(
            "page-loop.pdf",
            HostilePdfs.pageTreeLoop(dir.resolve("page-loop.pdf")),
            "page tree whose inner node lists the root as a kid",
            true));
    files.add(
        new HostileFile(
            "single-line.txt",
            HostileText.singleLine(dir.resolve("single-line.txt"), SINGLE_LINE_BYTES),
            "45 MB of words on one line",
            true));
    files.add(
        new HostileFile(
            "random-bytes.txt",
            HostileText.randomBytes(dir.resolve("random-bytes.txt"), 1 << 20, 7),
            "1 MB of random bytes named .txt",
            false));
    files.add(
        new HostileFile(
            "nested-divs.html",
            HostileMarkup.nestedDivs(dir.resolve("nested-divs.html"), 200_000),
            "200,000 nested <div> elements",
            true));
    files.add(
        new HostileFile(
            "many-entries.docx",
            HostileMarkup.manyEntries(dir.resolve("many-entries.docx"), 100_000),
            "a zip of 100,000 entries (a DOCX skeleton and 100,000 parts)",
            true));
    files.add(
        new HostileFile(
            "bomb.png",
            HostileImages.pngBomb(dir.resolve("bomb.png"), 100_000, 100_000),
            "decompression bomb: a PNG of 100,000 × 100,000 pixels, 1.25 GB inflated",
            false));
    files.add(
        new HostileFile(
            "many-pages.tif",
            HostileImages.manyPageTiff(dir.resolve("many-pages.tif"), TIFF_PAGES),
            "a TIFF of 10,000 pages, none blank, each of which OCR would read",
            false));
    files.add(
        new HostileFile(
            "huge-page.pdf",
            HostilePdfs.imageOnlyPage(dir.resolve("huge-page.pdf"), 7_200_000),
            "a scanned page of 100,000 × 100,000 inches (its MediaBox), for OCR to render",
            false));
    files.add(
        new HostileFile(
            "endless-lines.pdf",
            HostilePdfs.imageUnderEndlessLines(dir.resolve("endless-lines.pdf"), 8L << 20),
            "a scanned page under 8 MB of stroked lines, which OCR must render",
            false));
    files.add(
        new HostileFile(
            "many-scans.pdf",
            HostilePdfs.manyImageOnlyPages(dir.resolve("many-scans.pdf"), scale.scannedPages()),
            String.format(
                java.util.Locale.ROOT,
                "a scan of %,d letter pages without a text layer, each of which OCR would render"
                    + " at 300 dpi and read",
                scale.scannedPages()),
            false));
    return files;
  }
}
