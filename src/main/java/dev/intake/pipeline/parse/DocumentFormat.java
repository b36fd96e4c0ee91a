package dev.intake.pipeline.parse;

import org.apache.tika.mime.MediaType;

/** The kinds of document Intake reads, each with the name its error messages use. */
enum DocumentFormat {
  PDF("a PDF"),
  WORD("a Word document"),
  WORD_97("a Word 97-2003 document"),
  OPEN_DOCUMENT_TEXT("an OpenDocument text"),
  RTF("an RTF document"),
  HTML("an HTML page"),
  EPUB("an EPUB book"),
  /** Any {@code text/*} type: plain text, Markdown, CSV, source code. */
  TEXT("a text file");

  private final String displayName;

  DocumentFormat(String displayName) {
    this.displayName = displayName;
  }

  /** "a PDF", "a Word document", ...: fits both "read as ..." and "not ...". */
  String displayName() {
    return displayName;
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
      default -> base.getType().equals("text") ? TEXT : null;
    };
  }
}
