package dev.intake.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The sample PDFs kept with the tests ({@code src/test/resources/corpus/pdf-samples}, with their
 * licence and ground truth), read from the test classpath: the suite needs nothing outside the
 * repository.
 */
public final class Corpus {
  private Corpus() {}

  /** The directory of the sample PDFs and their {@code files.json}. */
  public static Path pdfSamples() {
    URL truth = Corpus.class.getResource("/corpus/pdf-samples/files.json");
    if (truth == null) {
      throw new IllegalStateException(
          "test resource /corpus/pdf-samples/files.json is missing from the classpath");
    }
    try {
      return Path.of(truth.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
