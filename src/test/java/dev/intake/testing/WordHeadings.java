package dev.intake.testing;

import java.math.BigInteger;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/** Builds Word documents with real heading styles ("heading 1" to "heading 6"), as Word does. */
public final class WordHeadings {

  private WordHeadings() {}

  /** Adds the styles Heading1 .. Heading6 to {@code doc}. */
  public static void addHeadingStyles(XWPFDocument doc) {
    XWPFStyles styles = doc.createStyles();
    for (int level = 1; level <= 6; level++) {
      CTStyle ct = CTStyle.Factory.newInstance();
      ct.setStyleId("Heading" + level);
      ct.addNewName().setVal("heading " + level);
      ct.setType(STStyleType.PARAGRAPH);
      ct.addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(level - 1));
      styles.addStyle(new XWPFStyle(ct, styles));
    }
  }

  /** Appends a paragraph of style "heading {@code level}". */
  public static XWPFParagraph heading(XWPFDocument doc, int level, String text) {
    XWPFParagraph p = doc.createParagraph();
    p.setStyle("Heading" + level);
    p.createRun().setText(text);
    return p;
  }
}
