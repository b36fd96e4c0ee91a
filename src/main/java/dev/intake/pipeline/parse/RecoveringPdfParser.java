package dev.intake.pipeline.parse;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PDFBox's parser, plus one repair PDFBox does not make: when the page tree root is lost (its
 * object overwritten or missing from a broken cross-reference table) but page objects survive, it
 * builds a new page tree from the page objects it finds, in file order. Without this, PDFBox
 * rejects the whole file ("Page tree root must be a dictionary") although its text is there.
 */
final class RecoveringPdfParser extends PDFParser {

  private static final Logger log = LoggerFactory.getLogger(RecoveringPdfParser.class);

  /** Set on a page tree this parser rebuilt, so the page count can be read with that in mind. */
  static final COSName REBUILT = COSName.getPDFName("IntakeRebuiltPageTree");

  /**
   * Reads {@code source} with the empty password, which opens files that are encrypted only against
   * editing. PDFBox writes each stream of such a file, once decrypted, to the stream cache and
   * keeps it for the document's life; a temporary-file cache keeps those bytes (images included)
   * off the heap. An unencrypted file has nothing to put there.
   */
  RecoveringPdfParser(RandomAccessRead source) throws IOException {
    super(source, "", null, null, IOUtils.createTempFileOnlyStreamCache());
  }

  @Override
  protected void checkPages(COSDictionary root) throws IOException {
    if (!(root.getDictionaryObject(COSName.PAGES) instanceof COSDictionary)) {
      rebuildPageTree(root);
    }
    // Still throws "Page tree root must be a dictionary" when no page object was found.
    super.checkPages(root);
  }

  private void rebuildPageTree(COSDictionary root) {
    List<COSObject> pages = document.getObjectsByType(COSName.PAGE);
    if (pages.isEmpty()) {
      return;
    }
    Map<COSObjectKey, Long> offsets = document.getXrefTable();
    // Writers put pages in reading order far more often than not; an object inside an object
    // stream has no offset of its own (a negative entry), so those follow by object number.
    pages.sort(
        Comparator.comparingLong(
                (COSObject page) -> {
                  Long offset = offsets.get(page.getKey());
                  return offset == null || offset < 0 ? Long.MAX_VALUE : offset;
                })
            .thenComparingLong(COSObject::getObjectNumber));
    COSDictionary tree = new COSDictionary();
    tree.setItem(COSName.TYPE, COSName.PAGES);
    COSArray kids = new COSArray();
    for (COSObject page : pages) {
      kids.add(page);
      ((COSDictionary) page.getObject()).setItem(COSName.PARENT, tree);
    }
    tree.setItem(COSName.KIDS, kids);
    tree.setInt(COSName.COUNT, pages.size());
    tree.setBoolean(REBUILT, true);
    root.setItem(COSName.PAGES, tree);
    log.warn(
        "PDF page tree is damaged; rebuilt it from {} page objects found in the file",
        pages.size());
  }
}
