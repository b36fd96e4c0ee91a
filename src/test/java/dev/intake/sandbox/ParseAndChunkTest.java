package dev.intake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.pipeline.chunk.Chunker;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.embed.MiniLmTokenizer;
import dev.intake.pipeline.parse.DocumentParser;
import dev.intake.testing.Documents;
import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-document bounds a parser child enforces, and the frames it sends, in this JVM. */
class ParseAndChunkTest {

  private static MiniLmTokenizer tokenizer;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    tokenizer = MiniLmTokenizer.load();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static List<ChildMessage> run(ParseAndChunk.Bounds bounds, Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new ParseAndChunk(new DocumentParser(bounds.maxCharacters()), new Chunker(tokenizer), bounds)
        .run(
            new ParseRequest(file, file.getFileName().toString(), ChunkingSettings.DEFAULT),
            new ChildOutput(bytes));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    List<ChildMessage> messages = new ArrayList<>();
    for (ChildMessage m = ChildMessage.read(in);
        !(m instanceof ChildMessage.Ended);
        m = ChildMessage.read(in)) {
      messages.add(m);
    }
    return messages;
  }

  @Test
  void aDocumentOfMoreChunksThanAllowedFailsPermanentlyWithoutSendingThem() throws IOException {
    Path file = Files.writeString(dir.resolve("long.txt"), Documents.text(5, 100));

    List<ChildMessage> messages = run(new ParseAndChunk.Bounds(50_000_000, 3), file);

    assertThat(messages.stream().filter(m -> m instanceof ChildMessage.ChunkOut)).isEmpty();
    assertThat(messages.getLast())
        .isEqualTo(
            new ChildMessage.Failed(
                true,
                "too_many_chunks",
                "The document would make more than 3 chunks (INTAKE_MAX_CHUNKS)"));
    assertThat(run(new ParseAndChunk.Bounds(50_000_000, 20_000), file).getLast())
        .isInstanceOf(ChildMessage.Done.class);
  }

  @Test
  void aPdfOverTheCharacterCapStopsAtThePageThatPassesIt() throws IOException {
    Path pdf = dir.resolve("pages.pdf");
    try (PDDocument doc = new PDDocument()) {
      for (int p = 0; p < 5; p++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
          text.beginText();
          text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
          text.newLineAtOffset(40, 700);
          text.showText(
              "Page " + p + " holds a line of text that is about eighty characters long.");
          text.endText();
        }
      }
      doc.save(pdf.toFile());
    }

    List<ChildMessage> messages = run(new ParseAndChunk.Bounds(150, 20_000), pdf);

    // 66 characters a page: pages 1 and 2 go out, page 3 passes the cap.
    assertThat(messages.stream().filter(m -> m instanceof ChildMessage.Page)).hasSize(2);
    assertThat(messages.getLast())
        .isEqualTo(
            new ChildMessage.Failed(
                true,
                "too_large",
                "The document has more than 150 characters of text, the most Intake reads"));
  }

  @Test
  void anImageIsAnnouncedAsAnOcrPageBeforeItsPageAndChunks() throws IOException {
    TesseractGate.require();
    Path png =
        PageImages.write(
            dir.resolve("note.png"), "png", List.of("Buoys mark the channel at night."));

    List<ChildMessage> messages = run(new ParseAndChunk.Bounds(50_000_000, 20_000), png);

    assertThat(messages.getFirst()).isEqualTo(new ChildMessage.OcrPage(1, 1));
    assertThat(messages).contains(new ChildMessage.Page(1, 1));
    assertThat(messages.stream().filter(m -> m instanceof ChildMessage.ChunkOut))
        .singleElement()
        .satisfies(
            m ->
                assertThat(((ChildMessage.ChunkOut) m).chunk().text().strip())
                    .isEqualTo("Buoys mark the channel at night."));
    assertThat(messages.getLast()).isInstanceOf(ChildMessage.Done.class);
  }
}
