package dev.intake.hostile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Containers that are large in structure rather than in bytes: deep nesting, many entries. */
final class HostileMarkup {
  private HostileMarkup() {}

  /** An HTML page with {@code depth} {@code <div>}s, each inside the one before. */
  static Path nestedDivs(Path file, int depth) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write("<!DOCTYPE html><html><head><title>Deep</title></head><body>".getBytes());
      Repeated.write(out, "<div>", 5L * depth);
      out.write("At the bottom of the nesting.".getBytes());
      Repeated.write(out, "</div>", 6L * depth);
      out.write("</body></html>".getBytes());
    }
    return file;
  }

  /**
   * A valid Word document with {@code entries} parts beyond its skeleton (each a byte, of a type
   * its content types declare): the zip's directory is the bomb. (A plain zip would be refused by
   * its type before any parser opened it; a DOCX reaches the OOXML parser, which reads the whole
   * directory.)
   */
  static Path manyEntries(Path file, int entries) throws IOException {
    byte[] tiny = "x".getBytes(StandardCharsets.US_ASCII);
    return OfficeFiles.docx(
        file,
        out ->
            out.write(
                ("<w:document xmlns:w=\""
                        + OfficeFiles.WORD_NS
                        + "\"><w:body><w:p><w:r><w:t>Many parts.</w:t></w:r></w:p></w:body>"
                        + "</w:document>")
                    .getBytes(StandardCharsets.UTF_8)),
        zip -> {
          for (int i = 0; i < entries; i++) {
            zip.part("word/media/part" + i + ".bin", out -> out.write(tiny));
          }
        });
  }
}
