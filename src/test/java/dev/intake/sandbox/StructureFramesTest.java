package dev.intake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.parse.DocumentInfo;
import dev.intake.pipeline.parse.ParseSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A chunk's section, the document's info and OCR's beginnings and ends cross from child to parent
 * unchanged.
 */
class StructureFramesTest {

  private static DataInputStream written(ChildOutputWrite write) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write.to(new ChildOutput(bytes));
    return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
  }

  private interface ChildOutputWrite {
    void to(ChildOutput out) throws IOException;
  }

  @Test
  void aChunkKeepsItsSectionOrItsLackOfOne() throws IOException {
    Chunk with = new Chunk(3, "Java 21.", 2, 2, 10, 18, 3, "2 Installation > 2.1 Requirements");
    Chunk without = new Chunk(4, "Preface.", 1, 1, 0, 8, 2);
    DataInputStream in =
        written(
            out -> {
              out.chunk(with);
              out.chunk(without);
            });
    assertThat(ChildMessage.read(in)).isEqualTo(new ChildMessage.ChunkOut(with));
    assertThat(ChildMessage.read(in)).isEqualTo(new ChildMessage.ChunkOut(without));
  }

  @Test
  void theOcrOfAPictureIsAnnouncedAndItsEndToo() throws IOException {
    DataInputStream in =
        written(
            out -> {
              out.ocrPage(2, 5);
              out.ocrDone();
              out.page(1, 1);
            });
    assertThat(ChildMessage.read(in)).isEqualTo(new ChildMessage.OcrPage(2, 5));
    assertThat(ChildMessage.read(in)).isEqualTo(new ChildMessage.OcrDone());
    assertThat(ChildMessage.read(in)).isEqualTo(new ChildMessage.Page(1, 1));
  }

  @Test
  void doneCarriesWhatTheDocumentSaysAboutItself() throws IOException {
    ParseSummary full =
        new ParseSummary(
            "application/pdf",
            4,
            1234,
            new DocumentInfo(
                "Operator guide", "Grace Hopper", "en", Instant.parse("2024-03-01T10:15:30Z")));
    ParseSummary bare = new ParseSummary("text/plain", 1, 5);
    DataInputStream in =
        written(
            out -> {
              out.done(full);
              out.done(bare);
            });
    assertThat(ChildMessage.read(in)).isEqualTo(new ChildMessage.Done(full));
    assertThat(ChildMessage.read(in)).isEqualTo(new ChildMessage.Done(bare));
  }
}
