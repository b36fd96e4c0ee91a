package dev.intake.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Zip bombs with valid skeletons: DOCX, ODT, EPUB and XLSX whose main part inflates to {@code
 * inflatedBytes} (hundreds of MB) of well-formed XML, one paragraph (or row) repeated, while the
 * file stays about a thousandth of that; and a gzip-compressed text file that does the same.
 */
final class ZipBombs {
  static final String SENTENCE =
      "Each worker renews its lease while the document is parsed, chunked and embedded.";

  private ZipBombs() {}

  static Path docx(Path file, long inflatedBytes) throws IOException {
    return OfficeFiles.docx(
        file,
        body(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\""
                + OfficeFiles.WORD_NS
                + "\"><w:body>",
            "<w:p><w:r><w:t>" + SENTENCE + "</w:t></w:r></w:p>",
            "</w:body></w:document>",
            inflatedBytes));
  }

  static Path xlsx(Path file, long inflatedBytes) throws IOException {
    return OfficeFiles.xlsx(
        file,
        body(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\""
                + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
            "<row><c t=\"inlineStr\"><is><t>" + SENTENCE + "</t></is></c></row>",
            "</sheetData></worksheet>",
            inflatedBytes));
  }

  static Path odt(Path file, long inflatedBytes) throws IOException {
    return OfficeFiles.odt(
        file,
        body(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office="
                + "\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text="
                + "\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text>",
            "<text:p>" + SENTENCE + "</text:p>",
            "</office:text></office:body></office:document-content>",
            inflatedBytes));
  }

  static Path epub(Path file, long inflatedBytes) throws IOException {
    return OfficeFiles.epub(
        file,
        body(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
                + "<head><title>Chapter</title></head><body>",
            "<p>" + SENTENCE + "</p>",
            "</body></html>",
            inflatedBytes));
  }

  /** A gzip-compressed text file whose text inflates to {@code inflatedBytes}. */
  static Path gzipText(Path file, long inflatedBytes) throws IOException {
    try (OutputStream out =
        new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(file), 1 << 16)) {
      Repeated.write(out, SENTENCE + "\n", inflatedBytes);
    }
    return file;
  }

  private static Content body(String head, String repeated, String tail, long bytes) {
    return out -> {
      write(out, head);
      Repeated.write(out, repeated, bytes);
      write(out, tail);
    };
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
