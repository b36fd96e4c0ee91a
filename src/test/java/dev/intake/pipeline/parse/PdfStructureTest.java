package dev.intake.pipeline.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.intake.testing.FormatSamples;
import dev.intake.testing.PdfSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDestinationNameTreeNode;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDNamedDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.xml.XmpSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PDF's outline as its sections, what it says about itself, and the files attached to it. */
class PdfStructureTest {

  private static final DocumentParser parser = new DocumentParser();

  @TempDir Path dir;

  private Path save(PdfSamples pdf, String name) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, pdf.bytes());
    return file;
  }

  @Test
  void outlineItemsAreHeadingsWhereTheirTitlesStandOnTheirPages() throws IOException {
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Preface of the manual.", "1 Introduction", "Intake reads documents.");
      pdf.page("More introduction text.", "1.1 Scope", "What it covers.");
      pdf.page("The introduction ends.", "2   INSTALLATION", "Download it.");
      PDDocumentOutline outline = pdf.outline();
      PDOutlineItem intro = pdf.bookmark(outline, "1 Introduction", 1);
      // a title the page does not show starts at the page's top
      pdf.bookmark(intro, "Overview", 2);
      // a GoTo action rather than a destination
      PDOutlineItem scope = pdf.bookmark(intro, "1.1 Scope", 0);
      PDActionGoTo goTo = new PDActionGoTo();
      PDPageFitDestination toPage2 = new PDPageFitDestination();
      toPage2.setPage(pdf.document().getPage(1));
      goTo.setDestination(toPage2);
      scope.setAction(goTo);
      // a named destination, found in the /Dests name tree; white space and case differ
      PDOutlineItem install = pdf.bookmark(outline, "2 Installation", 0);
      install.setDestination(new PDNamedDestination("install"));
      PDPageFitDestination toPage3 = new PDPageFitDestination();
      toPage3.setPage(pdf.document().getPage(2));
      PDDestinationNameTreeNode dests = new PDDestinationNameTreeNode();
      dests.setNames(Map.of("install", toPage3));
      PDDocumentNameDictionary names =
          new PDDocumentNameDictionary(pdf.document().getDocumentCatalog());
      names.setDests(dests);
      pdf.document().getDocumentCatalog().setNames(names);
      // no destination at all, and a name nothing defines: left out, their children kept
      PDOutlineItem nowhere = pdf.bookmark(outline, "Nowhere", 0);
      pdf.bookmark(nowhere, "Under nowhere", 3);
      pdf.bookmark(outline, "Dangling", 0).setDestination(new PDNamedDestination("missing"));
      file = save(pdf, "manual.pdf");
    }
    DocumentStructureTest.HeadingSink sink = new DocumentStructureTest.HeadingSink();
    parser.parse(file, "manual.pdf", sink);

    assertThat(sink.headings.get(0))
        .extracting(Heading::level, Heading::title)
        .containsExactly(tuple(1, "1 Introduction"));
    assertThat(sink.headingLines(1)).containsExactly("1 Introduction");
    assertThat(sink.headings.get(1))
        .extracting(Heading::level, Heading::title, Heading::offset)
        .containsExactly(
            tuple(2, "Overview", 0), tuple(2, "1.1 Scope", sink.pages.get(1).indexOf("1.1 Scope")));
    assertThat(sink.headings.get(2))
        .extracting(Heading::level, Heading::title)
        .containsExactly(tuple(1, "2 Installation"), tuple(1, "Under nowhere"));
    assertThat(sink.headingLines(3).get(0)).isEqualTo("2   INSTALLATION");
  }

  @Test
  void aTitleIsFoundAtALineStartBeforeInsideASentence() throws IOException {
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("This chapter covers usage in detail.", "Usage", "Run the tool.");
      pdf.bookmark(pdf.outline(), "Usage", 1);
      file = save(pdf, "usage.pdf");
    }
    DocumentStructureTest.HeadingSink sink = new DocumentStructureTest.HeadingSink();
    parser.parse(file, "usage.pdf", sink);
    assertThat(sink.headingLines(1)).containsExactly("Usage");
  }

  @Test
  void aPdfSaysItsTitleAuthorLanguageAndCreationDate() throws IOException {
    Path file;
    Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    created.setTimeInMillis(Instant.parse("2024-03-01T10:15:30Z").toEpochMilli());
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Some text.").info("Orchard Handbook", "Ada Pomona", created, "de-CH");
      file = save(pdf, "info.pdf");
    }
    DocumentInfo info = parser.parse(file, "info.pdf", new RecordingSink()).info();
    assertThat(info)
        .isEqualTo(
            new DocumentInfo(
                "Orchard Handbook", "Ada Pomona", "de-CH", Instant.parse("2024-03-01T10:15:30Z")));
  }

  @Test
  void xmpTitleAndCreatorsStandInForAMissingInfoDictionary() throws Exception {
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Some text.");
      XMPMetadata xmp = XMPMetadata.createXMPMetadata();
      DublinCoreSchema dc = xmp.createAndAddDublinCoreSchema();
      dc.setTitle("Cider Making");
      dc.addCreator("Ada Pomona");
      dc.addCreator("Bob Malus");
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      new XmpSerializer().serialize(xmp, bytes, true);
      PDMetadata metadata = new PDMetadata(pdf.document());
      metadata.importXMPMetadata(bytes.toByteArray());
      pdf.document().getDocumentCatalog().setMetadata(metadata);
      file = save(pdf, "xmp.pdf");
    }
    DocumentInfo info = parser.parse(file, "xmp.pdf", new RecordingSink()).info();
    assertThat(info.title()).isEqualTo("Cider Making");
    assertThat(info.author()).isEqualTo("Ada Pomona, Bob Malus");
  }

  @Test
  void attachedFilesAreReadAfterTheirLabelOnTheirPageOrAfterTheLastPage() throws IOException {
    byte[] docx = Files.readAllBytes(FormatSamples.docx(dir.resolve("spec.docx"), "Quince spec."));
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Page one.").page("Page two.");
      pdf.annotate(1, "spec.docx", docx);
      pdf.attach("notes.txt", "Medlar notes.".getBytes(UTF_8));
      pdf.attach("broken.docx", "PK\u0003\u0004 not a zip".getBytes(UTF_8));
      file = save(pdf, "attached.pdf");
    }
    RecordingSink sink = new RecordingSink();
    ParseSummary summary = parser.parse(file, "attached.pdf", sink);
    sink.assertPagesInOrder(2);
    assertThat(summary.pages()).isEqualTo(2);
    assertThat(sink.pages.get(0)).isEqualTo("Page one.\n\nAttachment: spec.docx\n\nQuince spec.");
    assertThat(sink.pages.get(1))
        .startsWith("Page two.")
        .contains("Attachment: notes.txt\n\nMedlar notes.")
        .contains("Attachment: broken.docx (could not be read)")
        .doesNotContain("spec.docx");
  }

  @Test
  void anEncryptedAttachmentIsNotedAndNestedPdfsStopAtTheDepthLimit() throws IOException {
    byte[] inner;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Level 7.");
      inner = pdf.bytes();
    }
    for (int level = 6; level >= 1; level--) {
      try (PdfSamples pdf = new PdfSamples()) {
        pdf.page("Level " + level + ".").attach("level" + (level + 1) + ".pdf", inner);
        inner = pdf.bytes();
      }
    }
    byte[] locked;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Secret text.");
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner", "user", new AccessPermission());
      pdf.document().protect(policy);
      locked = pdf.bytes();
    }
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Host page.").attach("level1.pdf", inner).attach("locked.pdf", locked);
      file = save(pdf, "nested.pdf");
    }
    RecordingSink sink = new RecordingSink();
    parser.parse(file, "nested.pdf", sink);
    String text = sink.text();
    assertThat(text)
        .contains("Attachment: level1.pdf", "Level 1.", "Level 5.")
        .doesNotContain("Level 7.")
        .contains("Attachment: locked.pdf (encrypted; not read)")
        .doesNotContain("Secret text.");
  }

  @Test
  void aCyclicOutlineEndsAndKeepsEachItemOnce() throws IOException {
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Alpha", "Beta");
      PDDocumentOutline outline = pdf.outline();
      PDOutlineItem alpha = pdf.bookmark(outline, "Alpha", 1);
      PDOutlineItem beta = pdf.bookmark(outline, "Beta", 1);
      PDOutlineItem child = pdf.bookmark(alpha, "Alpha child", 1);
      // Beta's next is Alpha again, and Alpha's child has Alpha as its own child
      beta.getCOSObject().setItem(COSName.NEXT, alpha.getCOSObject());
      child.getCOSObject().setItem(COSName.FIRST, alpha.getCOSObject());
      child.getCOSObject().setItem(COSName.LAST, alpha.getCOSObject());
      file = save(pdf, "cyclic.pdf");
    }
    DocumentStructureTest.HeadingSink sink = new DocumentStructureTest.HeadingSink();
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> parser.parse(file, "cyclic.pdf", sink));
    assertThat(sink.headings.get(0))
        .extracting(Heading::level, Heading::title)
        .containsExactly(tuple(1, "Alpha"), tuple(2, "Alpha child"), tuple(1, "Beta"));
  }

  @Test
  void aHugeOrDeepOutlineIsReadOnlyToItsBounds() throws IOException {
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Entry text.");
      COSArray toPage1 = new COSArray();
      toPage1.add(pdf.document().getPage(0).getCOSObject());
      toPage1.add(COSName.getPDFName("Fit"));
      // 100,000 siblings, built as dictionaries: PDFBox's addLast walks the list each time
      COSDictionary root = pdf.outline().getCOSObject();
      COSDictionary previous = null;
      for (int i = 0; i < 100_000; i++) {
        COSDictionary item = item("Entry " + i, toPage1, root);
        if (previous == null) {
          root.setItem(COSName.FIRST, item);
        } else {
          previous.setItem(COSName.NEXT, item);
          item.setItem(COSName.PREV, previous);
        }
        previous = item;
      }
      root.setItem(COSName.LAST, previous);
      // and a chain 1,000 levels deep under the last one
      COSDictionary parent = previous;
      for (int i = 0; i < 1_000; i++) {
        COSDictionary item = item("Deep " + i, toPage1, parent);
        parent.setItem(COSName.FIRST, item);
        parent.setItem(COSName.LAST, item);
        parent = item;
      }
      file = save(pdf, "huge-outline.pdf");
    }
    DocumentStructureTest.HeadingSink sink = new DocumentStructureTest.HeadingSink();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60), () -> parser.parse(file, "huge-outline.pdf", sink));
    List<Heading> headings = sink.headings.get(0);
    assertThat(headings).hasSize(PdfOutline.MAX_ITEMS);
    assertThat(headings.get(0).title()).isEqualTo("Entry 0");
    assertThat(headings).allMatch(h -> h.level() == 1);
  }

  @Test
  void deepNestingStopsAtTheDepthLimit() throws IOException {
    Path file;
    try (PdfSamples pdf = new PdfSamples()) {
      pdf.page("Deep text.");
      COSArray toPage1 = new COSArray();
      toPage1.add(pdf.document().getPage(0).getCOSObject());
      toPage1.add(COSName.getPDFName("Fit"));
      COSDictionary parent = pdf.outline().getCOSObject();
      for (int i = 0; i < 5_000; i++) {
        COSDictionary item = item("Deep " + i, toPage1, parent);
        parent.setItem(COSName.FIRST, item);
        parent.setItem(COSName.LAST, item);
        parent = item;
      }
      file = save(pdf, "deep-outline.pdf");
    }
    DocumentStructureTest.HeadingSink sink = new DocumentStructureTest.HeadingSink();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30), () -> parser.parse(file, "deep-outline.pdf", sink));
    List<Heading> headings = sink.headings.get(0);
    assertThat(headings).hasSize(PdfOutline.MAX_DEPTH);
    assertThat(headings.get(PdfOutline.MAX_DEPTH - 1).level()).isEqualTo(PdfOutline.MAX_DEPTH);
  }

  private static COSDictionary item(String title, COSArray destination, COSDictionary parent) {
    COSDictionary item = new COSDictionary();
    item.setItem(COSName.TITLE, new COSString(title));
    item.setItem(COSName.DEST, destination);
    item.setItem(COSName.PARENT, parent);
    return item;
  }
}
