package dev.intake.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * "Billion laughs": a DOCTYPE of ten entities, each ten of the one before, so that one reference
 * expands to 10^9 copies of "lol" (3 GB) from a file of one kilobyte.
 */
final class EntityExpansions {
  static final int LEVELS = 9;

  private EntityExpansions() {}

  /**
   * The internal DTD subset declaring {@code lol} … {@code lol9}, for root element {@code root}.
   */
  static String doctype(String root) {
    StringBuilder d = new StringBuilder("<!DOCTYPE " + root + " [\n<!ENTITY lol \"lol\">\n");
    for (int level = 1; level <= LEVELS; level++) {
      String previous = level == 1 ? "&lol;" : "&lol" + (level - 1) + ";";
      d.append("<!ENTITY lol").append(level).append(" \"").append(previous.repeat(10));
      d.append("\">\n");
    }
    return d.append("]>\n").toString();
  }

  /** The entity of the top level: a reference to it is the whole expansion. */
  static String reference() {
    return "&lol" + LEVELS + ";";
  }

  static Path docx(Path file) throws IOException {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + doctype("w:document")
            + "<w:document xmlns:w=\""
            + OfficeFiles.WORD_NS
            + "\"><w:body><w:p><w:r><w:t>"
            + reference()
            + "</w:t></w:r></w:p></w:body></w:document>";
    return OfficeFiles.docx(file, out -> out.write(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static Path xhtml(Path file) throws IOException {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + doctype("html")
            + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Laughs</title></head>"
            + "<body><p>"
            + reference()
            + "</p></body></html>";
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    return file;
  }
}
