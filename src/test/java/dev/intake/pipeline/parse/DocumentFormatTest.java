package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.junit.jupiter.api.Test;

class DocumentFormatTest {
  private final Detector detector = new DefaultDetector();
  private final TikaParsers parsers = new TikaParsers();

  /** The type Tika gives a file by its name alone (no content to go by). */
  private MediaType typeByName(String name) throws IOException {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    return detector.detect(new ByteArrayInputStream(new byte[0]), metadata);
  }

  @Test
  void everyListedExtensionNamesAFormatTheParserReads() throws IOException {
    for (DocumentFormat format : DocumentFormat.values()) {
      assertThat(format.extensions()).as("%s has extensions", format).isNotEmpty();
      for (String ext : format.extensions()) {
        assertThat(parsers.formatOf(typeByName("file." + ext)))
            .as("a .%s file is read as %s", ext, format.displayName())
            .isEqualTo(format);
      }
    }
    assertThat(DocumentFormat.fileExtensions()).doesNotHaveDuplicates();
  }

  @Test
  void slidesSheetsAndMailAreListedForDirectoryIngestion() {
    assertThat(DocumentFormat.fileExtensions())
        .contains("pptx", "ppt", "odp", "xlsx", "xls", "xlsb", "ods", "csv", "tsv")
        .contains("eml", "msg", "mbox", "rtf", "odt", "doc", "docx", "epub", "html", "xml")
        .contains("json", "md", "wpd", "txt");
  }

  @Test
  void programsAreRefusedAndNotListed() throws IOException {
    for (String ext : new String[] {"exe", "dll", "so"}) {
      assertThat(parsers.formatOf(typeByName("file." + ext))).as(ext).isNull();
      assertThat(DocumentFormat.fileExtensions()).doesNotContain(ext);
    }
    assertThat(parsers.formatOf(MediaType.OCTET_STREAM)).isNull();
  }

  @Test
  void archivesAreReadAsOneDocumentAndAZipIsNotListed() throws IOException {
    for (String ext : new String[] {"zip", "tar", "gz", "tgz", "bz2", "xz", "7z", "jar"}) {
      assertThat(parsers.formatOf(typeByName("file." + ext)))
          .as(ext)
          .isEqualTo(DocumentFormat.ARCHIVE);
    }
    // a directory's ZIP files stay out of its default patterns, as an uploaded ZIP is a batch
    assertThat(DocumentFormat.fileExtensions()).contains("tar", "gz", "7z").doesNotContain("zip");
  }

  @Test
  void mediaFontsAndDrawingsAreReadForWhatTikaFindsInThem() throws IOException {
    for (String ext : new String[] {"mp3", "mp4", "ttf", "psd", "svg", "emf", "dwg"}) {
      assertThat(parsers.formatOf(typeByName("file." + ext)))
          .as(ext)
          .isEqualTo(DocumentFormat.OTHER);
    }
  }

  @Test
  void aTypeOnlyTikaNamesIsReadAsADocumentOfItsType() {
    assertThat(parsers.formatOf(MediaType.application("vnd.ms-visio.drawing")))
        .isEqualTo(DocumentFormat.OTHER);
    assertThat(parsers.formatOf(MediaType.application("rss+xml"))).isEqualTo(DocumentFormat.OTHER);
  }
}
