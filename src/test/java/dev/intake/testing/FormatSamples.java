package dev.intake.testing;

import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hslf.usermodel.HSLFSlide;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.sl.usermodel.Placeholder;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xslf.usermodel.SlideLayout;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFNotes;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFSlideLayout;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Writes small documents of every format the format tests name, from code: POI for Office files
 * (encrypted ones through POI's encryption), Jakarta Mail for EML and MBOX, POI's OLE2 file system
 * for an Outlook MSG (the property streams Outlook and Tika read), and hand-assembled zips for
 * OpenDocument and for Word alt-chunks.
 */
public final class FormatSamples {

  /** One slide: its title, body and speaker notes (null for none). */
  public record Slide(String title, String body, String notes) {}

  private FormatSamples() {}

  // --- slides ---

  public static Path pptx(Path file, List<Slide> slides) throws IOException {
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(file)) {
      XSLFSlideLayout layout =
          show.getSlideMasters().get(0).getLayout(SlideLayout.TITLE_AND_CONTENT);
      for (Slide s : slides) {
        XSLFSlide slide = show.createSlide(layout);
        slide.getPlaceholder(0).setText(s.title());
        slide.getPlaceholder(1).setText(s.body());
        if (s.notes() != null) {
          XSLFNotes notes = show.getNotesSlide(slide);
          for (XSLFTextShape shape : notes.getPlaceholders()) {
            if (shape.getTextType() == Placeholder.BODY) {
              shape.setText(s.notes());
            }
          }
        }
      }
      show.write(out);
    }
    return file;
  }

  /** PowerPoint 97-2003: POI writes no notes there, so slides carry a title and a body. */
  public static Path ppt(Path file, List<Slide> slides) throws IOException {
    try (HSLFSlideShow show = new HSLFSlideShow();
        OutputStream out = Files.newOutputStream(file)) {
      writePpt(show, slides);
      show.write(out);
    }
    return file;
  }

  private static void writePpt(HSLFSlideShow show, List<Slide> slides) {
    for (Slide s : slides) {
      HSLFSlide slide = show.createSlide();
      slide.addTitle().setText(s.title());
      HSLFTextBox body = slide.createTextBox();
      body.setText(s.body());
      body.setAnchor(new java.awt.Rectangle(50, 150, 600, 200));
    }
  }

  public static Path odp(Path file, List<Slide> slides) throws IOException {
    List<String> names = new ArrayList<>();
    for (int n = 1; n <= slides.size(); n++) {
      names.add("page" + n); // as LibreOffice names pages nobody named
    }
    return odp(file, slides, names);
  }

  /** The same, each draw:page named by {@code pageNames}; a slide without a title has no frame. */
  public static Path odp(Path file, List<Slide> slides, List<String> pageNames) throws IOException {
    StringBuilder pages = new StringBuilder();
    int n = 0;
    for (Slide s : slides) {
      pages.append("<draw:page draw:name=\"").append(pageNames.get(n++)).append("\">");
      if (s.title() != null) {
        pages
            .append("<draw:frame presentation:class=\"title\"><draw:text-box><text:p>")
            .append(s.title())
            .append("</text:p></draw:text-box></draw:frame>");
      }
      pages
          .append("<draw:frame presentation:class=\"outline\"><draw:text-box><text:list>")
          .append("<text:list-item><text:p>")
          .append(s.body())
          .append("</text:p></text:list-item></text:list></draw:text-box></draw:frame>");
      if (s.notes() != null) {
        pages
            .append("<presentation:notes><draw:frame presentation:class=\"notes\">")
            .append("<draw:text-box><text:p>")
            .append(s.notes())
            .append("</text:p></draw:text-box></draw:frame></presentation:notes>");
      }
      pages.append("</draw:page>");
    }
    return odf(
        file,
        "application/vnd.oasis.opendocument.presentation",
        "<office:presentation>" + pages + "</office:presentation>",
        false);
  }

  // --- sheets: a "Sales" sheet (Region, an empty column, Q1; an empty row) and a "Staff" sheet

  public static Path xlsx(Path file) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      fill(book);
      book.write(out);
    }
    return file;
  }

  public static Path xls(Path file) throws IOException {
    try (HSSFWorkbook book = new HSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      fill(book);
      book.write(out);
    }
    return file;
  }

  private static void fill(Workbook book) {
    Sheet sales = book.createSheet("Sales");
    row(sales, 0, "Region", null, "Q1");
    row(sales, 1, "North", null, "1,200");
    row(sales, 3, "South", null, "900");
    Sheet staff = book.createSheet("Staff");
    row(staff, 0, "Name", "Role");
    row(staff, 1, "Ada", "Harbour engineer");
  }

  private static void row(Sheet sheet, int index, String... values) {
    Row row = sheet.createRow(index);
    for (int c = 0; c < values.length; c++) {
      if (values[c] != null) {
        row.createCell(c).setCellValue(values[c]);
      }
    }
  }

  public static Path ods(Path file) throws IOException {
    String sales =
        "<table:table table:name=\"Sales\">"
            + odsRow("Region", "", "Q1")
            + odsRow("North", "", "1,200")
            + "<table:table-row table:number-rows-repeated=\"1000\">"
            + "<table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
            + odsRow("South", "", "900")
            + "</table:table>";
    String staff =
        "<table:table table:name=\"Staff\">"
            + odsRow("Name", "Role")
            + odsRow("Ada", "Harbour engineer")
            + "</table:table>";
    return odf(
        file,
        "application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet>" + sales + staff + "</office:spreadsheet>",
        false);
  }

  private static String odsRow(String... values) {
    StringBuilder row = new StringBuilder("<table:table-row>");
    for (String v : values) {
      row.append(
          v.isEmpty()
              ? "<table:table-cell/>"
              : "<table:table-cell><text:p>" + v + "</text:p></table:table-cell>");
    }
    return row.append("</table:table-row>").toString();
  }

  /** An OpenDocument text of the given paragraphs; {@code encrypted} marks it as one. */
  public static Path odt(Path file, boolean encrypted, String... paragraphs) throws IOException {
    StringBuilder text = new StringBuilder("<office:text>");
    for (String p : paragraphs) {
      text.append("<text:p>").append(p).append("</text:p>");
    }
    return odf(
        file,
        "application/vnd.oasis.opendocument.text",
        text.append("</office:text>").toString(),
        encrypted);
  }

  private static Path odf(Path file, String mimeType, String body, boolean encrypted)
      throws IOException {
    String encryption =
        encrypted
            ? "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\""
                + " manifest:checksum=\"AAAA\"><manifest:algorithm"
                + " manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"AAAA\"/>"
                + "<manifest:key-derivation manifest:key-derivation-name=\"PBKDF2\""
                + " manifest:iteration-count=\"1024\" manifest:salt=\"AAAA\"/>"
                + "</manifest:encryption-data>"
            : "";
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("mimetype", mimeType.getBytes(UTF_8));
    entries.put(
        "META-INF/manifest.xml",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest="
                + "\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\""
                + mimeType
                + "\"/><manifest:file-entry manifest:full-path=\"content.xml\""
                + " manifest:media-type=\"text/xml\">"
                + encryption
                + "</manifest:file-entry></manifest:manifest>")
            .getBytes(UTF_8));
    entries.put(
        "content.xml",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content"
                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                + " xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\""
                + " xmlns:presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\""
                + " office:version=\"1.2\"><office:body>"
                + body
                + "</office:body></office:document-content>")
            .getBytes(UTF_8));
    return zip(file, entries);
  }

  // --- mail ---

  /** A message with a text body and a text attachment, as Jakarta Mail writes it. */
  public static byte[] eml(String subject, String body, String attachmentName, String attachment)
      throws Exception {
    return eml(
        subject,
        body,
        attachmentName,
        attachment == null ? null : attachment.getBytes(UTF_8),
        "text/plain");
  }

  /** A mail with one attachment of {@code type}. */
  public static byte[] eml(
      String subject, String body, String attachmentName, byte[] attachment, String type)
      throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress("ada@example.com", "Ada Lovelace"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.com", "Bob"));
    message.setSentDate(Date.from(java.time.Instant.parse("2025-07-01T10:00:00Z")));
    message.setSubject(subject);
    MimeMultipart parts = new MimeMultipart();
    MimeBodyPart text = new MimeBodyPart();
    text.setText(body, "UTF-8");
    parts.addBodyPart(text);
    if (attachmentName != null) {
      MimeBodyPart file = new MimeBodyPart();
      file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, type)));
      file.setFileName(attachmentName);
      file.setDisposition(MimeBodyPart.ATTACHMENT);
      parts.addBodyPart(file);
    }
    message.setContent(parts);
    message.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toByteArray();
  }

  /** A mailbox of the given messages, each after its "From " separator line. */
  public static byte[] mbox(byte[]... messages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      out.write("From ada@example.com Tue Jul  1 10:00:00 2025\n".getBytes(UTF_8));
      out.write(new String(m, UTF_8).replace("\r\n", "\n").getBytes(UTF_8));
      out.write("\n\n".getBytes(UTF_8));
    }
    return out.toByteArray();
  }

  /**
   * An Outlook message: an OLE2 file of MAPI property streams (subject, body, sender, recipient)
   * and one attachment storage with its file name and bytes, as Outlook lays them out.
   */
  public static Path msg(
      Path file, String subject, String body, String attachmentName, String attachment)
      throws IOException {
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      DirectoryEntry root = fs.getRoot();
      unicode(root, "001A", "IPM.Note");
      unicode(root, "0037", subject);
      unicode(root, "1000", body);
      unicode(root, "0C1A", "Ada Lovelace");
      unicode(root, "0C1F", "ada@example.com");
      unicode(root, "0E04", "Bob");
      root.createDirectory("__nameid_version1.0");
      DirectoryEntry att = root.createDirectory("__attach_version1.0_#00000000");
      unicode(att, "3704", attachmentName);
      unicode(att, "3707", attachmentName);
      att.createDocument(
          "__substg1.0_37010102", new ByteArrayInputStream(attachment.getBytes(UTF_8)));
      try (OutputStream out = Files.newOutputStream(file)) {
        fs.writeFilesystem(out);
      }
    }
    return file;
  }

  private static void unicode(DirectoryEntry dir, String property, String value)
      throws IOException {
    dir.createDocument(
        "__substg1.0_" + property + "001F", new ByteArrayInputStream(value.getBytes(UTF_16LE)));
  }

  // --- Word ---

  public static Path docx(Path file, String... paragraphs) throws IOException {
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(file)) {
      for (String p : paragraphs) {
        doc.createParagraph().createRun().setText(p);
      }
      doc.write(out);
    }
    return file;
  }

  /**
   * A Word document whose body is a paragraph, an alt-chunk (a part in another format that Word
   * imports where it stands: {@code chunkType} "html" or "mht"), and another paragraph.
   */
  public static Path docxWithAltChunk(
      Path file, String before, String chunkType, String chunk, String after) throws IOException {
    String w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    String r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    String contentType = chunkType.equals("html") ? "text/html" : "message/rfc822";
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "[Content_Types].xml",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://"
                + "schemas.openxmlformats.org/package/2006/content-types\"><Default Extension="
                + "\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\""
                + chunkType
                + "\" ContentType=\""
                + contentType
                + "\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd."
                + "openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
            .getBytes(UTF_8));
    entries.put(
        "_rels/.rels",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
                + "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
                + r
                + "/officeDocument\" Target=\"word/document.xml\"/></Relationships>")
            .getBytes(UTF_8));
    entries.put(
        "word/_rels/document.xml.rels",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
                + "openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdChunk\""
                + " Type=\""
                + r
                + "/aFChunk\" Target=\"chunk."
                + chunkType
                + "\"/></Relationships>")
            .getBytes(UTF_8));
    entries.put(
        "word/document.xml",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\""
                + w
                + "\" xmlns:r=\""
                + r
                + "\"><w:body><w:p><w:r><w:t>"
                + before
                + "</w:t></w:r></w:p><w:altChunk r:id=\"rIdChunk\"/><w:p><w:r><w:t>"
                + after
                + "</w:t></w:r></w:p></w:body></w:document>")
            .getBytes(UTF_8));
    entries.put("word/chunk." + chunkType, chunk.getBytes(UTF_8));
    return zip(file, entries);
  }

  /** The MHT (a MIME message of one HTML part) that an alt-chunk of type "mht" holds. */
  public static String mht(String html) {
    return "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"part\"\r\n\r\n"
        + "--part\r\nContent-Type: text/html; charset=\"utf-8\"\r\n"
        + "Content-Location: file:///C:/chunk.htm\r\n\r\n"
        + html
        + "\r\n--part--\r\n";
  }

  // --- encrypted Office files ---

  /** {@code plain} (a DOCX, XLSX or PPTX) encrypted with a password, as Office does (agile). */
  public static Path encryptOoxml(Path plain, Path file) throws Exception {
    try (POIFSFileSystem fs = new POIFSFileSystem()) {
      Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
      encryptor.confirmPassword("hunter2");
      try (OutputStream out = encryptor.getDataStream(fs)) {
        Files.copy(plain, out);
      }
      try (OutputStream out = Files.newOutputStream(file)) {
        fs.writeFilesystem(out);
      }
    }
    return file;
  }

  /** An Excel 97-2003 workbook encrypted with a password (RC4 CryptoAPI). */
  public static Path encryptedXls(Path file) throws IOException {
    Biff8EncryptionKey.setCurrentUserPassword("hunter2");
    try (HSSFWorkbook book = new HSSFWorkbook();
        OutputStream out = Files.newOutputStream(file)) {
      fill(book);
      book.write(out);
    } finally {
      Biff8EncryptionKey.setCurrentUserPassword(null);
    }
    return file;
  }

  /** A PowerPoint 97-2003 presentation encrypted with a password. */
  public static Path encryptedPpt(Path file) throws IOException {
    Biff8EncryptionKey.setCurrentUserPassword("hunter2");
    try (HSLFSlideShow show = new HSLFSlideShow();
        OutputStream out = Files.newOutputStream(file)) {
      writePpt(show, List.of(new Slide("Secret", "Hidden plans", null)));
      show.write(out);
    } finally {
      Biff8EncryptionKey.setCurrentUserPassword(null);
    }
    return file;
  }

  /** A zip whose "mimetype" entry, if any, is first and stored, as ODF and EPUB want. */
  public static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        if (e.getKey().equals("mimetype")) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }
}
