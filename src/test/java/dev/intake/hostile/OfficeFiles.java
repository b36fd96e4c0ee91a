package dev.intake.hostile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Valid skeletons of DOCX, XLSX, ODT and EPUB whose main part (the document body, the sheet, the
 * content, the chapter) the caller writes, streamed: the containers of the zip bombs and of the
 * entity expansions.
 */
final class OfficeFiles {
  static final String WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

  private static final String RELS_TYPE =
      "application/vnd.openxmlformats-package.relationships+xml";
  private static final String OFFICE_DOCUMENT =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

  private OfficeFiles() {}

  /** A Word document whose {@code word/document.xml} is {@code documentXml}. */
  static Path docx(Path file, Content documentXml) throws IOException {
    return docx(file, documentXml, zip -> {});
  }

  /** A Word document with the parts {@code more} adds after its skeleton. */
  static Path docx(Path file, Content documentXml, ZipParts.More more) throws IOException {
    try (ZipParts zip = new ZipParts(file)) {
      zip.part(
              "[Content_Types].xml",
              contentTypes(
                  "/word/document.xml",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"))
          .part("_rels/.rels", relationships(OFFICE_DOCUMENT, "word/document.xml"))
          .part("word/document.xml", documentXml);
      more.addTo(zip);
    }
    return file;
  }

  /** A workbook of one sheet whose {@code xl/worksheets/sheet1.xml} is {@code sheetXml}. */
  static Path xlsx(Path file, Content sheetXml) throws IOException {
    String sml = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    try (ZipParts zip = new ZipParts(file)) {
      zip.part(
              "[Content_Types].xml",
              contentTypes(
                      "/xl/workbook.xml",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
                  .replace(
                      "</Types>",
                      "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/"
                          + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                          + "</Types>"))
          .part("_rels/.rels", relationships(OFFICE_DOCUMENT, "xl/workbook.xml"))
          .part(
              "xl/_rels/workbook.xml.rels",
              relationships(
                  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
                  "worksheets/sheet1.xml"))
          .part(
              "xl/workbook.xml",
              "<workbook xmlns=\""
                  + sml
                  + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                  + "relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
                  + "</sheets></workbook>")
          .part("xl/worksheets/sheet1.xml", sheetXml);
    }
    return file;
  }

  /** An OpenDocument text whose {@code content.xml} is {@code contentXml}. */
  static Path odt(Path file, Content contentXml) throws IOException {
    String type = "application/vnd.oasis.opendocument.text";
    try (ZipParts zip = new ZipParts(file)) {
      zip.stored("mimetype", type)
          .part(
              "META-INF/manifest.xml",
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest="
                  + "\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                  + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\""
                  + type
                  + "\"/><manifest:file-entry manifest:full-path=\"content.xml\""
                  + " manifest:media-type=\"text/xml\"/></manifest:manifest>")
          .part("content.xml", contentXml);
    }
    return file;
  }

  /** An EPUB book of one chapter whose XHTML is {@code chapterXhtml}. */
  static Path epub(Path file, Content chapterXhtml) throws IOException {
    try (ZipParts zip = new ZipParts(file)) {
      zip.stored("mimetype", "application/epub+zip")
          .part(
              "META-INF/container.xml",
              "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns="
                  + "\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile"
                  + " full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
                  + "</rootfiles></container>")
          .part(
              "OEBPS/content.opf",
              "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\""
                  + " unique-identifier=\"id\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                  + "<dc:identifier id=\"id\">hostile</dc:identifier><dc:title>Hostile</dc:title>"
                  + "<dc:language>en</dc:language></metadata><manifest><item id=\"c1\""
                  + " href=\"chapter.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
                  + "<spine><itemref idref=\"c1\"/></spine></package>")
          .part("OEBPS/chapter.xhtml", chapterXhtml);
    }
    return file;
  }

  private static String contentTypes(String mainPart, String mainType) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns="
        + "\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension="
        + "\"rels\" ContentType=\""
        + RELS_TYPE
        + "\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension="
        + "\"bin\" ContentType=\"application/octet-stream\"/><Override PartName=\""
        + mainPart
        + "\" ContentType=\""
        + mainType
        + "\"/></Types>";
  }

  private static String relationships(String type, String target) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns="
        + "\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship"
        + " Id=\"rId1\" Type=\""
        + type
        + "\" Target=\""
        + target
        + "\"/></Relationships>";
  }
}
