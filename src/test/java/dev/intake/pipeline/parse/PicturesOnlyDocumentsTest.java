package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.sl.usermodel.PictureData;
import org.apache.poi.util.Units;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFPictureData;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents whose only content is pictures of text (a Word file of scanned pages, a deck of slides
 * that are screenshots) are read by OCR of those pictures, with Tesseract.
 */
class PicturesOnlyDocumentsTest {

  private static final List<String> SCAN =
      List.of("The harbour master signed the berth allocation.", "Ferries leave from pier four.");

  @TempDir Path dir;

  @BeforeAll
  static void tesseract() {
    TesseractGate.require();
  }

  @Test
  void aWordFileOfAScannedPageIsReadByOcr() throws Exception {
    Path docx = wordWithPicture(scan());
    RecordingSink sink = new RecordingSink();
    new DocumentParser().parse(docx, "scan.docx", sink);
    assertThat(sink.text()).contains("harbour master signed", "pier four");
  }

  @Test
  void aDeckOfPicturesIsReadByOcr() throws Exception {
    Path pptx = dir.resolve("screens.pptx");
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(pptx)) {
      XSLFPictureData picture =
          show.addPicture(Files.readAllBytes(scan()), PictureData.PictureType.PNG);
      show.createSlide().createPicture(picture);
      show.write(out);
    }
    RecordingSink sink = new RecordingSink();
    new DocumentParser().parse(pptx, "screens.pptx", sink);
    assertThat(sink.text()).contains("harbour master signed");
  }

  @Test
  void withOcrOffThePicturesStayUnreadAndTheDocumentHasNoText() throws Exception {
    Path docx = wordWithPicture(scan());
    DocumentParser off =
        new DocumentParser(
            DocumentParser.DEFAULT_MAX_CHARACTERS,
            new Ocr(OcrSettings.DEFAULT.withMode(OcrMode.OFF)));
    IngestException e =
        catchThrowableOfType(
            IngestException.class, () -> off.parse(docx, "scan.docx", new RecordingSink()));
    assertThat(e.code()).isEqualTo("no_text");
    assertThat(e.getMessage())
        .isEqualTo(
            "No extractable text: the document contains only pictures, and OCR is off"
                + " (INTAKE_OCR=off)");
  }

  @Test
  void aDocumentWithTextDoesNotHaveItsPicturesRead() throws Exception {
    Path docx = dir.resolve("captioned.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(docx);
        InputStream png = Files.newInputStream(scan())) {
      doc.createParagraph().createRun().setText("A caption of its own.");
      doc.createParagraph()
          .createRun()
          .addPicture(
              png, Document.PICTURE_TYPE_PNG, "scan.png", Units.toEMU(300), Units.toEMU(400));
      doc.write(out);
    }
    RecordingSink sink = new RecordingSink();
    new DocumentParser().parse(docx, "captioned.docx", sink);
    assertThat(sink.text()).contains("A caption of its own.").doesNotContain("harbour");
  }

  private Path scan() throws IOException {
    return PageImages.write(dir.resolve("scan.png"), "png", SCAN);
  }

  private Path wordWithPicture(Path png) throws Exception {
    Path docx = dir.resolve("scan.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(docx);
        InputStream in = Files.newInputStream(png)) {
      doc.createParagraph()
          .createRun()
          .addPicture(
              in, Document.PICTURE_TYPE_PNG, "scan.png", Units.toEMU(300), Units.toEMU(400));
      doc.write(out);
    }
    return docx;
  }
}
