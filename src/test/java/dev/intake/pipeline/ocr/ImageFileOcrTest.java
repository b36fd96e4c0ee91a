package dev.intake.pipeline.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Image files of every kind, with sentences drawn on them, read by the real Tesseract. */
class ImageFileOcrTest {
  static final List<String> LINES =
      List.of(
          "The lighthouse keeper logged seventeen storms in November.",
          "Each storm report lists the wind speed and the height of the waves.");

  @TempDir Path dir;
  final Ocr ocr = new Ocr(OcrSettings.DEFAULT);

  @BeforeEach
  void needsTesseract() {
    TesseractGate.require();
  }

  /** What {@link Ocr#readImageFile} handed on: the OCR frames and the pages, in order. */
  static final class Recorded implements OcrPageSink {
    final List<String> events = new ArrayList<>();
    final List<String> pages = new ArrayList<>();

    @Override
    public void starting(int page, int totalPages) {
      events.add("ocr " + page + "/" + totalPages);
    }

    @Override
    public void page(int page, int totalPages, String text) {
      events.add("page " + page + "/" + totalPages);
      pages.add(text);
    }
  }

  static String flat(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "tiff"})
  void theSentencesOfAnImageFileAreRead(String format) throws IOException {
    Path file = PageImages.write(dir.resolve("page." + format), format, LINES);
    Recorded sink = new Recorded();
    ocr.readImageFile(file, sink);
    assertThat(sink.events).containsExactly("ocr 1/1", "page 1/1");
    assertThat(flat(sink.pages.get(0))).contains(LINES.get(0)).contains(LINES.get(1));
  }

  @Test
  void eachPageOfAMultiPageTiffIsAPage() throws IOException {
    Path file =
        PageImages.tiff(
            dir.resolve("scan.tif"),
            List.of(
                List.of("The first page describes the harbour entrance."),
                List.of(),
                List.of("The third page lists the names of the pilots.")));
    Recorded sink = new Recorded();
    ocr.readImageFile(file, sink);
    assertThat(sink.events)
        .containsExactly("ocr 1/3", "page 1/3", "ocr 2/3", "page 2/3", "ocr 3/3", "page 3/3");
    assertThat(flat(sink.pages.get(0))).isEqualTo("The first page describes the harbour entrance.");
    assertThat(sink.pages.get(1)).as("a blank page").isEmpty();
    assertThat(flat(sink.pages.get(2))).isEqualTo("The third page lists the names of the pilots.");
  }
}
