package dev.intake.pipeline.parse;

import java.util.Arrays;
import java.util.List;
import org.apache.tika.mime.MediaType;

/**
 * The kinds of document Intake reads, each with the name its error messages use and the file name
 * extensions that usually carry it. {@link #fileExtensions()} is the one list of what Intake reads,
 * for whoever picks files by name (directory ingestion's default patterns).
 */
public enum DocumentFormat {
  PDF("a PDF", "pdf"),
  WORD("a Word document", "docx", "docm"),
  WORD_97("a Word 97-2003 document", "doc"),
  OPEN_DOCUMENT_TEXT("an OpenDocument text", "odt"),
  RTF("an RTF document", "rtf"),
  HTML("an HTML page", "html", "htm", "xhtml"),
  EPUB("an EPUB book", "epub"),
  /** Any {@code text/*} type: plain text, Markdown, CSV, source code. */
  TEXT("a text file", "txt", "text", "md", "markdown", "csv"),
  /** Pictures of pages, read by OCR: a TIFF's pages are pages, other images have one. */
  IMAGE("an image", "png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "webp");

  private final String displayName;
  private final List<String> extensions;

  DocumentFormat(String displayName, String... extensions) {
    this.displayName = displayName;
    this.extensions = List.of(extensions);
  }

  /** "a PDF", "a Word document", ...: fits both "read as ..." and "not ...". */
  String displayName() {
    return displayName;
  }

  /** This format's usual file name extensions, lower case, without the dot. */
  List<String> extensions() {
    return extensions;
  }

  /** Every file name extension of a format Intake reads, lower case, without the dot. */
  public static List<String> fileExtensions() {
    return Arrays.stream(values()).flatMap(f -> f.extensions.stream()).toList();
  }

  /** The format for a detected media type, or null if Intake does not read that type. */
  static DocumentFormat of(MediaType type) {
    MediaType base = type.getBaseType();
    return switch (base.toString()) {
      case "application/pdf" -> PDF;
      case "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "application/vnd.ms-word.document.macroenabled.12" ->
          WORD;
      case "application/msword" -> WORD_97;
      case "application/vnd.oasis.opendocument.text" -> OPEN_DOCUMENT_TEXT;
      case "application/rtf" -> RTF;
      case "text/html", "application/xhtml+xml" -> HTML;
      case "application/epub+zip" -> EPUB;
      case "image/png", "image/jpeg", "image/tiff", "image/bmp", "image/gif", "image/webp" -> IMAGE;
      default -> base.getType().equals("text") ? TEXT : null;
    };
  }
}
