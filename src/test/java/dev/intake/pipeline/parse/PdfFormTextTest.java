package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationPopup;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDCheckBox;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A filled-in PDF form's values and a reader's comments are part of their pages' text. */
class PdfFormTextTest {

  @TempDir Path dir;

  @Test
  void fieldValuesAndCommentsGoAfterTheirPagesText() throws Exception {
    Path file = dir.resolve("form.pdf");
    try (PDDocument doc = new PDDocument()) {
      PDPage first = page(doc, "Berth application");
      PDPage second = page(doc, "Declarations");
      PDAcroForm form = new PDAcroForm(doc);
      doc.getDocumentCatalog().setAcroForm(form);
      PDResources resources = new PDResources();
      resources.put(
          org.apache.pdfbox.cos.COSName.HELV, new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      form.setDefaultResources(resources);
      form.setDefaultAppearance("/Helv 10 Tf 0 g");
      PDTextField applicant = new PDTextField(form);
      applicant.setPartialName("applicant");
      applicant.setAlternateFieldName("Applicant");
      widget(applicant.getWidgets().get(0), second);
      form.getFields().add(applicant);
      applicant.setValue("Ada Lovelace");
      PDCheckBox unticked = new PDCheckBox(form);
      unticked.setPartialName("pilot");
      widget(unticked.getWidgets().get(0), second);
      form.getFields().add(unticked);

      PDAnnotationText note = new PDAnnotationText();
      note.setContents("Check the berth number with the harbour office");
      note.setRectangle(new PDRectangle(50, 50, 20, 20));
      PDAnnotationPopup popup = new PDAnnotationPopup();
      popup.setRectangle(new PDRectangle(80, 50, 100, 60));
      note.setPopup(popup);
      popup.setParent(note);
      first.getAnnotations().add(note);
      first.getAnnotations().add(popup);
      doc.save(file.toFile());
    }
    RecordingSink sink = new RecordingSink();
    new DocumentParser().parse(file, "form.pdf", sink);

    sink.assertPagesInOrder(2);
    assertThat(sink.pages.get(0))
        .contains("Berth application", "Check the berth number with the harbour office");
    assertThat(sink.pages.get(0).split("Check the berth number", -1))
        .as("the popup does not repeat its note")
        .hasSize(2);
    assertThat(sink.pages.get(1)).contains("Declarations", "Applicant: Ada Lovelace");
    assertThat(sink.text()).doesNotContain("pilot");
  }

  private static PDPage page(PDDocument doc, String text) throws Exception {
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
      content.beginText();
      content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
      content.newLineAtOffset(72, 700);
      content.showText(text);
      content.endText();
    }
    return page;
  }

  private static void widget(PDAnnotationWidget widget, PDPage page) throws Exception {
    widget.setRectangle(new PDRectangle(72, 600, 200, 20));
    widget.setPage(page);
    page.getAnnotations().add(widget);
  }
}
