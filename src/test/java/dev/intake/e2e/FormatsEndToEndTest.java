package dev.intake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.FormatSamples;
import dev.intake.testing.FormatSamples.Slide;
import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import dev.intake.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents of the formats teams have, generated here, uploaded through the HTTP API of a real
 * node: each completes with the pages its format means (slides, sheets, 1 for flowing text), and
 * search finds a spreadsheet row's values with their column names, a slide's speaker notes and an
 * email attachment's text. Encrypted files fail at once, without a retry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormatsEndToEndTest {
  @TempDir static Path dataDir;
  @TempDir Path files;
  IntakeNode node;
  ApiClient api;

  @BeforeAll
  void start() {
    node = TestNode.serve(TestNode.defaults(dataDir));
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void everyFormatCompletesWithItsPagesAndItsTextIsFound() throws Exception {
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    uploads.put(
        "deck.pptx",
        bytes(
            FormatSamples.pptx(
                files.resolve("deck.pptx"),
                List.of(
                    new Slide("Harbour plan", "Cranes arrive in May", null),
                    new Slide("Dredging", "The channel is deepened", "Mention the seagrass survey"),
                    new Slide("Budget", "Approved in June", null)))));
    uploads.put(
        "deck.ppt",
        bytes(
            FormatSamples.ppt(
                files.resolve("deck.ppt"),
                List.of(new Slide("Old deck", "Lighthouse repainted", null)))));
    uploads.put(
        "deck.odp",
        bytes(
            FormatSamples.odp(
                files.resolve("deck.odp"),
                List.of(
                    new Slide("Ferries", "Timetable", "Winter ferries stop at eight"),
                    new Slide("Fares", "Unchanged", null)))));
    uploads.put("book.xlsx", bytes(FormatSamples.xlsx(files.resolve("book.xlsx"))));
    uploads.put("book.xls", bytes(FormatSamples.xls(files.resolve("book.xls"))));
    uploads.put("book.ods", bytes(FormatSamples.ods(files.resolve("book.ods"))));
    uploads.put(
        "tonnage.csv",
        "Vessel,Berth,Tonnage\nNordlys,Quay seven,48200\nAurora,Quay two,31000\n"
            .getBytes(StandardCharsets.UTF_8));
    uploads.put(
        "crane.eml",
        FormatSamples.eml(
            "Crane schedule",
            "The cranes arrive on Monday.",
            "closure.txt",
            "The breakwater footpath closes for resurfacing."));
    uploads.put(
        "crane.msg",
        bytes(
            FormatSamples.msg(
                files.resolve("crane.msg"),
                "Pier",
                "See attached.",
                "divers.txt",
                "Divers inspect the pilings on Thursday.")));
    uploads.put(
        "minutes.odt", bytes(FormatSamples.odt(files.resolve("minutes.odt"), false, "Minutes.")));
    uploads.put("memo.rtf", "{\\rtf1\\ansi Ferry times changed\\par}".getBytes());
    uploads.put("letter.txt", "Grüße aus Köln, die Fähre fährt.".getBytes(StandardCharsets.UTF_16));

    Map<String, Integer> expectedPages =
        Map.ofEntries(
            Map.entry("deck.pptx", 3),
            Map.entry("deck.ppt", 1),
            Map.entry("deck.odp", 2),
            Map.entry("book.xlsx", 2),
            Map.entry("book.xls", 2),
            Map.entry("book.ods", 2),
            Map.entry("tonnage.csv", 1),
            Map.entry("crane.eml", 1),
            Map.entry("crane.msg", 1),
            Map.entry("minutes.odt", 1),
            Map.entry("memo.rtf", 1),
            Map.entry("letter.txt", 1));
    Map<String, String> jobs = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> u : uploads.entrySet()) {
      ApiClient.Response r = api.upload(u.getKey(), u.getValue(), Map.of());
      assertThat(r.status()).as(u.getKey() + ": " + r.body()).isEqualTo(202);
      jobs.put(u.getKey(), r.body().path("job_id").asText());
    }
    Map<String, String> documents = new LinkedHashMap<>();
    for (Map.Entry<String, String> j : jobs.entrySet()) {
      JsonNode job = api.awaitFinished(j.getValue(), Duration.ofMinutes(3));
      assertThat(job.path("status").asText()).as(j.getKey() + ": " + job).isEqualTo("completed");
      assertThat(job.path("result").path("pages").asInt())
          .as(j.getKey() + " pages")
          .isEqualTo(expectedPages.get(j.getKey()));
      documents.put(j.getKey(), job.path("document_id").asText());
    }

    // A spreadsheet row's values with their column names; a slide's notes; an attachment.
    assertFound(
        "Vessel: Nordlys | Berth: Quay seven | Tonnage: 48200", documents.get("tonnage.csv"), 1);
    assertFound("Name: Ada | Role: Harbour engineer", documents.get("book.xlsx"), 2);
    assertFound("Notes: Mention the seagrass survey", documents.get("deck.pptx"), 2);
    assertFound("Winter ferries stop at eight", documents.get("deck.odp"), 1);
    assertFound("The breakwater footpath closes for resurfacing", documents.get("crane.eml"), 1);
    assertFound("Divers inspect the pilings on Thursday", documents.get("crane.msg"), 1);
  }

  @Test
  void theOtherNamedFormatsAreIngestedWithTheirPagesAndText() throws Exception {
    // Written by the programs that own these formats: Apache Tika's test documents (see the pom).
    Path tika = Path.of("target/tika-test-documents/test-documents");
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    uploads.put("word97.doc", Files.readAllBytes(tika.resolve("testWORD.doc")));
    uploads.put("book.epub", Files.readAllBytes(tika.resolve("testEPUB.epub")));
    uploads.put("appendix.wpd", Files.readAllBytes(tika.resolve("testWordPerfect.wpd")));
    uploads.put("binary.xlsb", Files.readAllBytes(tika.resolve("testEXCEL.xlsb")));
    uploads.put("talk.key", Files.readAllBytes(tika.resolve("testKeynote.key")));
    uploads.put(
        "berths.tsv",
        "Vessel\tBerth\nNordlys\tQuay seven\nAurora\tQuay two\n".getBytes(StandardCharsets.UTF_8));
    uploads.put(
        "port.xml",
        "<?xml version=\"1.0\"?><port><notice>Anchoring is forbidden in the fairway.</notice></port>"
            .getBytes(StandardCharsets.UTF_8));
    uploads.put(
        "tides.json",
        "{\"station\": \"North mole\", \"note\": \"High water at seventeen hundred\"}"
            .getBytes(StandardCharsets.UTF_8));
    uploads.put(
        "latin1.txt", "Der Kapitän grüßt die Lotsen.".getBytes(StandardCharsets.ISO_8859_1));
    uploads.put(
        "harbour.mbox",
        ("From ada@example.org Mon Jan  5 09:00:00 2026\nFrom: ada@example.org\nTo:"
                + " crew@example.org\nSubject: Buoys\nDate: Mon, 5 Jan 2026 09:00:00 +0000\n\nThe"
                + " green buoy was replaced.\n\nFrom bob@example.org Mon Jan  5 10:00:00 2026\nFrom:"
                + " bob@example.org\nTo: crew@example.org\nSubject: Lights\nDate: Mon, 5 Jan 2026"
                + " 10:00:00 +0000\n\nThe harbour light flashes every four seconds.\n")
            .getBytes(StandardCharsets.UTF_8));
    Map<String, String> phrases = new LinkedHashMap<>();
    phrases.put("word97.doc", "This is a sample Microsoft Word Document");
    phrases.put("book.epub", "This is the text for chapter Two");
    phrases.put("appendix.wpd", "APPENDIX");
    phrases.put("binary.xlsb", "This is an example spreadsheet created with Microsoft Excel 2007");
    phrases.put("talk.key", "Some random text for the sake of testability");
    phrases.put("berths.tsv", "Vessel: Nordlys | Berth: Quay seven");
    phrases.put("port.xml", "Anchoring is forbidden in the fairway");
    phrases.put("tides.json", "High water at seventeen hundred");
    phrases.put("latin1.txt", "Der Kapitän grüßt die Lotsen");
    phrases.put("harbour.mbox", "The harbour light flashes every four seconds");
    Map<String, Integer> pages = Map.of("binary.xlsb", 3);
    for (Map.Entry<String, byte[]> u : uploads.entrySet()) {
      ApiClient.Response r = api.upload(u.getKey(), u.getValue(), Map.of());
      assertThat(r.status()).as(u.getKey() + ": " + r.body()).isEqualTo(202);
      JsonNode job = api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(3));
      assertThat(job.path("status").asText()).as(u.getKey() + ": " + job).isEqualTo("completed");
      assertThat(job.path("result").path("pages").asInt())
          .as(u.getKey() + " pages")
          .isEqualTo(pages.getOrDefault(u.getKey(), 1));
      assertFound(phrases.get(u.getKey()), job.path("document_id").asText(), 1);
    }
  }

  @Test
  void archivesDrawingsAndDocumentsOfScansAreIngested() throws Exception {
    TesseractGate.require();
    byte[] note = "Tugboat crews change shifts at dawn.".getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream tgz = new java.io.ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(tgz))) {
      TarArchiveEntry entry = new TarArchiveEntry("crew/shifts.txt");
      entry.setSize(note.length);
      tar.putArchiveEntry(entry);
      tar.write(note);
      tar.closeArchiveEntry();
    }
    Path scan =
        PageImages.write(
            files.resolve("scan.png"), "png", List.of("The pilot boat waits at buoy nine."));
    Path scannedDocx = files.resolve("scanned.docx");
    try (XWPFDocument doc = new XWPFDocument();
        java.io.OutputStream out = Files.newOutputStream(scannedDocx);
        java.io.InputStream png = Files.newInputStream(scan)) {
      doc.createParagraph()
          .createRun()
          .addPicture(
              png, Document.PICTURE_TYPE_PNG, "scan.png", Units.toEMU(300), Units.toEMU(400));
      doc.write(out);
    }
    Map<String, byte[]> uploads = new LinkedHashMap<>();
    uploads.put("crew.tar.gz", tgz.toByteArray());
    uploads.put(
        "plan.svg",
        ("<svg xmlns=\"http://www.w3.org/2000/svg\"><text x=\"1\" y=\"1\">Dry dock two"
                + " opens in spring</text></svg>")
            .getBytes(StandardCharsets.UTF_8));
    uploads.put("scanned.docx", bytes(scannedDocx));
    Map<String, String> phrases =
        Map.of(
            "crew.tar.gz", "Tugboat crews change shifts at dawn",
            "plan.svg", "Dry dock two opens in spring",
            "scanned.docx", "pilot boat waits at buoy nine");
    for (Map.Entry<String, byte[]> u : uploads.entrySet()) {
      ApiClient.Response r = api.upload(u.getKey(), u.getValue(), Map.of());
      assertThat(r.status()).as(u.getKey() + ": " + r.body()).isEqualTo(202);
      JsonNode job = api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(3));
      assertThat(job.path("status").asText()).as(u.getKey() + ": " + job).isEqualTo("completed");
      assertFound(phrases.get(u.getKey()), job.path("document_id").asText(), 1);
    }
  }

  @Test
  void encryptedFilesFailAtOnceWithoutARetry() throws Exception {
    Path xlsx = FormatSamples.xlsx(files.resolve("plain.xlsx"));
    Map<String, Path> encrypted = new LinkedHashMap<>();
    encrypted.put("secret.xlsx", FormatSamples.encryptOoxml(xlsx, files.resolve("secret.xlsx")));
    encrypted.put("secret.ppt", FormatSamples.encryptedPpt(files.resolve("secret.ppt")));
    encrypted.put(
        "secret.odt", FormatSamples.odt(files.resolve("secret.odt"), true, "Hidden text"));
    for (Map.Entry<String, Path> e : encrypted.entrySet()) {
      ApiClient.Response r = api.upload(e.getKey(), Files.readAllBytes(e.getValue()), Map.of());
      assertThat(r.status()).isEqualTo(202);
      JsonNode job = api.awaitFinished(r.body().path("job_id").asText(), Duration.ofMinutes(2));
      assertThat(job.path("status").asText()).as(e.getKey() + ": " + job).isEqualTo("failed");
      assertThat(job.path("retry_count").asInt()).as(e.getKey()).isZero();
      assertThat(job.path("error_message").asText())
          .as(e.getKey())
          .endsWith(" is encrypted; a password is required");
    }
  }

  private void assertFound(String phrase, String doc, int page) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode results =
                  api.post(
                          "/api/v1/search",
                          Map.of("query", phrase, "top_k", 5, "document_ids", List.of(doc)))
                      .body()
                      .path("results");
              assertThat(results.size()).as("hits for: " + phrase).isPositive();
              JsonNode top = results.get(0);
              assertThat(top.path("text").asText().replaceAll("\\s+", " "))
                  .as("top hit for: " + phrase)
                  .contains(phrase);
              assertThat(top.path("page_start").asInt()).isLessThanOrEqualTo(page);
              assertThat(top.path("page_end").asInt()).isGreaterThanOrEqualTo(page);
            });
  }

  private static byte[] bytes(Path file) throws java.io.IOException {
    return Files.readAllBytes(file);
  }
}
