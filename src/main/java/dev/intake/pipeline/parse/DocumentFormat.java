package dev.intake.pipeline.parse;

import java.util.Arrays;
import java.util.List;
import org.apache.tika.mime.MediaType;

/**
 * The kinds of document Intake reads, each with the name its messages use and the file name
 * extensions that usually carry it. {@link #fileExtensions()} is the one list of what Intake reads,
 * for whoever picks files by name (directory ingestion's default patterns).
 *
 * <p>The named formats are those whose pages or text Intake lays out itself (slides, sheets, mail
 * headers, PDF pages, OCR); {@link #OTHER} is every further format that one of Tika's standard
 * parsers reads text from (Visio, Publisher, XPS, OneNote, iWork, feeds, ...), as one page.
 */
public enum DocumentFormat {
  PDF("a PDF", "PDF", "pdf"),
  WORD("a Word document", "Word document", "docx", "docm", "dotx"),
  WORD_97("a Word 97-2003 document", "Word document", "doc", "dot"),
  OPEN_DOCUMENT_TEXT("an OpenDocument text", "OpenDocument text", "odt", "ott"),
  RTF("an RTF document", "RTF document", "rtf"),
  WORDPERFECT("a WordPerfect document", "WordPerfect document", "wpd", "wp", "wp5", "wp6"),
  HTML("an HTML page", "HTML page", "html", "htm", "xhtml", "mht", "mhtml"),
  EPUB("an EPUB book", "EPUB book", "epub"),
  XML("an XML document", "XML document", "xml"),
  /** Slides, one page each: PowerPoint 97-2003 and 2007 on. */
  PRESENTATION(
      "a PowerPoint presentation",
      "PowerPoint presentation",
      "pptx",
      "pptm",
      "ppsx",
      "potx",
      "ppt",
      "pps",
      "pot"),
  OPEN_DOCUMENT_PRESENTATION(
      "an OpenDocument presentation", "OpenDocument presentation", "odp", "otp"),
  /** Read by Tika as one page: its text is not laid out slide by slide. */
  KEYNOTE("a Keynote presentation", "Keynote presentation", "key"),
  /** Sheets, one page each: Excel 97-2003, 2007 on and binary (XLSB). */
  SPREADSHEET("an Excel workbook", "Excel workbook", "xlsx", "xlsm", "xltx", "xlsb", "xls", "xlt"),
  OPEN_DOCUMENT_SPREADSHEET(
      "an OpenDocument spreadsheet", "OpenDocument spreadsheet", "ods", "ots"),
  /** Comma- or tab-separated values: one page of rows. */
  DELIMITED("a CSV file", "CSV file", "csv", "tsv"),
  /** One message (EML, MSG) or a mailbox of many (MBOX). */
  MAIL("an email", "email", "eml", "msg", "mbox"),
  /** Any other {@code text/*} type, and JSON: plain text, Markdown, source code. */
  TEXT("a text file", "text file", "txt", "text", "md", "markdown", "json", "log"),
  /** Pictures of pages, read by OCR: a TIFF's pages are pages, other images have one. */
  IMAGE("an image", "image", "png", "jpg", "jpeg", "tif", "tiff", "bmp", "gif", "webp"),
  /**
   * An archive or a compressed file read as one document: each file inside it where it sits, after
   * a line "File: its name". (An uploaded ZIP is not parsed: it becomes a batch of its files.)
   */
  ARCHIVE("an archive", "Archive", "tar", "tgz", "gz", "bz2", "tbz2", "xz", "7z"),
  /** Whatever else a standard Tika parser reads text from, as one page. */
  OTHER(
      "a document of its type",
      "document",
      "vsdx",
      "vsd",
      "pub",
      "xps",
      "odg",
      "one",
      "pages",
      "numbers",
      "fb2",
      "chm",
      "svg",
      "emf",
      "wmf",
      "dwg");

  private final String displayName;
  private final String shortName;
  private final List<String> extensions;

  DocumentFormat(String displayName, String shortName, String... extensions) {
    this.displayName = displayName;
    this.shortName = shortName;
    this.extensions = List.of(extensions);
  }

  /** "a PDF", "a Word document", ...: fits both "read as ..." and "not ...". */
  String displayName() {
    return displayName;
  }

  /** "PDF", "Excel workbook", ...: fits "... is encrypted". */
  String shortName() {
    return shortName;
  }

  /** This format's usual file name extensions, lower case, without the dot. */
  List<String> extensions() {
    return extensions;
  }

  /** Every file name extension of a format Intake reads, lower case, without the dot. */
  public static List<String> fileExtensions() {
    return Arrays.stream(values()).flatMap(f -> f.extensions.stream()).toList();
  }

  /**
   * The named format of a detected media type, or null if it is none of them (whether Intake reads
   * it then depends on Tika's parsers; see {@link TikaParsers#formatOf}).
   */
  static DocumentFormat named(MediaType type) {
    return switch (type.getBaseType().toString()) {
      case "application/pdf" -> PDF;
      case "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "application/vnd.ms-word.document.macroenabled.12",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
          "application/vnd.ms-word.template.macroenabledtemplate" ->
          WORD;
      case "application/msword" -> WORD_97;
      case "application/vnd.oasis.opendocument.text",
          "application/vnd.oasis.opendocument.text-template" ->
          OPEN_DOCUMENT_TEXT;
      case "application/rtf" -> RTF;
      case "application/vnd.wordperfect" -> WORDPERFECT;
      case "text/html", "application/xhtml+xml", "multipart/related" -> HTML;
      case "application/epub+zip" -> EPUB;
      case "application/xml" -> XML;
      case "application/vnd.openxmlformats-officedocument.presentationml.presentation",
          "application/vnd.ms-powerpoint.presentation.macroenabled.12",
          "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
          "application/vnd.ms-powerpoint.slideshow.macroenabled.12",
          "application/vnd.openxmlformats-officedocument.presentationml.template",
          "application/vnd.ms-powerpoint" ->
          PRESENTATION;
      case "application/vnd.oasis.opendocument.presentation",
          "application/vnd.oasis.opendocument.presentation-template" ->
          OPEN_DOCUMENT_PRESENTATION;
      case "application/vnd.apple.keynote" -> KEYNOTE;
      case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "application/vnd.ms-excel.sheet.macroenabled.12",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
          "application/vnd.ms-excel.sheet.binary.macroenabled.12",
          "application/vnd.ms-excel" ->
          SPREADSHEET;
      case "application/vnd.oasis.opendocument.spreadsheet",
          "application/vnd.oasis.opendocument.spreadsheet-template" ->
          OPEN_DOCUMENT_SPREADSHEET;
      case "text/csv", "text/tab-separated-values" -> DELIMITED;
      case "message/rfc822", "application/vnd.ms-outlook", "application/mbox" -> MAIL;
      case "application/json" -> TEXT;
      case "image/png", "image/jpeg", "image/tiff", "image/bmp", "image/gif", "image/webp" -> IMAGE;
      default -> type.getType().equals("text") ? TEXT : null;
    };
  }
}
