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
        assertThat(DocumentFormat.of(typeByName("file." + ext)))
            .as("a .%s file is read as %s", ext, format.displayName())
            .isEqualTo(format);
      }
    }
    assertThat(DocumentFormat.fileExtensions()).doesNotHaveDuplicates();
  }

  @Test
  void typesTheParserRefusesAreNotListed() throws IOException {
    for (String ext : new String[] {"pptx", "xlsx", "xls", "ppt", "zip", "exe"}) {
      assertThat(DocumentFormat.of(typeByName("file." + ext))).as(ext).isNull();
      assertThat(DocumentFormat.fileExtensions()).doesNotContain(ext);
    }
  }
}
