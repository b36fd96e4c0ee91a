package dev.intake.e2e;

import static dev.intake.e2e.ArchiveUploads.PDF_PHRASE;
import static dev.intake.e2e.ArchiveUploads.TEXT_PHRASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.intake.app.IntakeNode;
import dev.intake.testing.ApiClient;
import dev.intake.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploaded ZIP archives through the real HTTP API on SQLite: an archive becomes a batch of its
 * readable files, which are ingested and found by search; an identical archive's files are skipped
 * as duplicates; hostile archives (a zip bomb, overlapping entries, too many entries, too many
 * bytes, a damaged entry, an encrypted archive, a file that is no archive) are answered with a 4xx
 * that says why, and leave no stored file and no temporary file behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveUploadEndToEndTest {
  @TempDir static Path tmp;
  IntakeNode node;
  ApiClient api;
  Path data;

  @BeforeAll
  void start() {
    data = tmp.resolve("data");
    Map<String, String> vars = TestNode.defaults(data);
    vars.put("INTAKE_MAX_ARCHIVE_ENTRIES", "50");
    vars.put("INTAKE_MAX_ARCHIVE_MB", "8");
    node = TestNode.serve(vars);
    api = new ApiClient(node.port());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void anArchiveBecomesABatchOfItsFilesWhichAreIngestedAndSearchable() throws IOException {
    JsonNode result = ArchiveUploads.uploadBundleAndAwaitBatch(api);
    assertThat(ArchiveUploads.filenames(result))
        .containsExactly("escaped.txt", "lighthouse.pdf", "minutes.txt", "readme.md");
    assertThat(result.path("successful").asInt()).isEqualTo(4);
    assertThat(ArchiveUploads.searchHits(api, "lighthouse keeper counted ships").getFirst())
        .startsWith("lighthouse.pdf: ")
        .contains(PDF_PHRASE);
    assertThat(ArchiveUploads.searchHits(api, "quarterly totals reconciled ledger").getFirst())
        .startsWith("minutes.txt: ")
        .contains(TEXT_PHRASE);
    for (JsonNode d : result.path("documents")) {
      JsonNode doc = api.get("/api/v1/documents/" + d.path("document_id").asText()).body();
      assertThat(doc.path("status").asText()).isEqualTo("completed");
    }
    // The name that climbed out was a name only: nothing was written beside the data directory.
    try (Stream<Path> all = Files.walk(tmp)) {
      assertThat(all.filter(p -> p.getFileName().toString().equals("escaped.txt"))).isEmpty();
    }
    assertThat(temporaryArchives()).isEmpty();
  }

  @Test
  void theSameArchiveAgainSkipsEveryFileAsADuplicateAndKeepsNoCopy() throws IOException {
    JsonNode first = ArchiveUploads.uploadBundleAndAwaitBatch(api);
    assertThat(first.path("documents").size()).isEqualTo(4);
    long blobs = blobCount();
    JsonNode again = ArchiveUploads.uploadBundleAndAwaitBatch(api);
    assertThat(again.path("skipped").asInt()).as(again.toString()).isEqualTo(4);
    assertThat(again.path("successful").asInt()).isZero();
    assertThat(blobCount()).as("the duplicates' stored entries are deleted").isEqualTo(blobs);
  }

  @Test
  void aZipBombIsRefusedAtOnceAndLeavesNothingBehind() throws IOException {
    long blobs = blobCount();
    byte[] bomb = ArchiveUploads.zip(Map.of("zeros.txt", new byte[150 << 20]));
    assertThat(bomb.length).isLessThan(1 << 20);
    assertRefused("bomb.zip", bomb, 400, "archive_bomb", "zeros.txt inflates");
    assertThat(blobCount()).isEqualTo(blobs);
    assertThat(temporaryArchives()).isEmpty();
  }

  @Test
  void entriesThatOverlapAreRefusedAsAZipBomb() throws IOException {
    // Three central-directory entries, one compressed kernel: how the smallest bombs are made.
    byte[] zip = ArchiveUploads.zip(Map.of("kernel.txt", random(64 * 1024, 1)));
    byte[] overlapping = OverlappingZip.repeatCentralEntry(zip, 3);
    assertRefused("overlap.zip", overlapping, 400, "archive_bomb", "overlap");
  }

  @Test
  void tooManyEntriesOrTooManyBytesAreRefusedNamingTheSetting() {
    Map<String, byte[]> many = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      many.put("f" + i + ".txt", ArchiveUploads.utf8("file " + i));
    }
    assertRefused(
        "many.zip",
        ArchiveUploads.zip(many),
        400,
        "archive_too_many_entries",
        "INTAKE_MAX_ARCHIVE_ENTRIES");
    byte[] big =
        ArchiveUploads.zip(
            Map.of("a.txt", random(5 << 20, 2), "b.txt", random(5 << 20, 3))); // 10 MB > 8
    assertRefused("big.zip", big, 413, "archive_too_large", "INTAKE_MAX_ARCHIVE_MB");
  }

  @Test
  void aDamagedEntryPartWayRefusesTheArchiveAndDeletesTheEntriesStoredBeforeIt()
      throws IOException {
    long blobs = blobCount();
    byte[] zip =
        ArchiveUploads.zip(
            Map.of(
                "a-first.txt", ArchiveUploads.utf8("The first file is stored before the damage."),
                "b-second.txt", ArchiveUploads.utf8("The second file. ".repeat(1000))));
    // The second entry's deflate data starts right after its local header's name (no extra
    // field): 0xFF there is a block of the reserved type, which no inflater accepts.
    int at = indexOf(zip, ArchiveUploads.utf8("b-second.txt")) + "b-second.txt".length();
    zip[at] = (byte) 0xFF;
    assertRefused("damaged.zip", zip, 400, "archive_damaged", "b-second.txt");
    assertThat(blobCount()).as("the first entry's blob is gone again").isEqualTo(blobs);
    assertThat(temporaryArchives()).isEmpty();
  }

  @Test
  void anArchiveWithoutReadableFilesOrThatIsNoArchiveIsABadRequest() {
    assertRefused(
        "tools.zip",
        ArchiveUploads.zip(Map.of("a.exe", new byte[] {1}, "b.dll", new byte[] {2})),
        400,
        "archive_empty",
        "2 entries skipped, not of a type Intake reads: a.exe, b.dll");
    assertRefused(
        "fake.zip",
        ArchiveUploads.utf8("plain text named .zip"),
        400,
        "archive_damaged",
        "could not be read as a ZIP archive");
  }

  private void assertRefused(
      String name, byte[] content, int status, String code, String messagePart) {
    ApiClient.Response r = api.upload(name, content, Map.of());
    assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
    assertThat(r.body().path("error").path("code").asText()).isEqualTo(code);
    assertThat(r.body().path("error").path("message").asText()).contains(messagePart);
  }

  private long blobCount() throws IOException {
    Path blobs = data.resolve("blobs");
    try (Stream<Path> files = Files.walk(blobs)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getParent().equals(blobs.resolve("tmp")))
          .count();
    }
  }

  private List<Path> temporaryArchives() throws IOException {
    try (Stream<Path> files = Files.list(data.resolve("tmp"))) {
      return files.filter(p -> p.getFileName().toString().startsWith("archive-")).toList();
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
