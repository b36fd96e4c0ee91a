package dev.intake.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipArchiveTest {
  private static final ArchiveLimits LIMITS = new ArchiveLimits(100, 64L << 20, 100, 32L << 20);
  private static final Predicate<String> TEXT_AND_PDF =
      name -> name.endsWith(".txt") || name.endsWith(".md") || name.endsWith(".pdf");

  @TempDir Path dir;

  @Test
  void entryNamesBecomeCleanFileNamesAndNothingElse() throws IOException {
    Path zip =
        new RawZip()
            .directory("docs/")
            .add("docs/a.txt", bytes("alpha"))
            .add("../../etc/escape.txt", bytes("beta"))
            .add("/absolute/b.md", bytes("gamma"))
            .add("C:\\windows\\c.pdf", bytes("delta"))
            .add("invoice\u202Etxt.exe.txt", bytes("epsilon"))
            .add("nul\u0000byte\u0007.txt", bytes("zeta"))
            .add("..", bytes("eta"))
            .write(dir.resolve("names.zip"));
    try (ZipArchive archive = ZipArchive.open(zip, LIMITS, name -> true)) {
      assertThat(archive.files())
          .extracting(ZipArchive.Entry::name)
          .containsExactly(
              "a.txt",
              "escape.txt",
              "b.md",
              "c.pdf",
              "invoicetxt.exe.txt",
              "nulbyte.txt",
              "upload");
      assertThat(archive.skipped()).isEmpty();
      assertThat(read(archive, 1)).isEqualTo("beta");
    }
  }

  @Test
  void filesOfNoReadableTypeAndMacMetadataAreSkippedAndCountedAndNestedArchivesAreNotOpened()
      throws IOException {
    byte[] inner =
        Files.readAllBytes(new RawZip().add("x.txt", bytes("x")).write(dir.resolve("i")));
    Path zip =
        new RawZip()
            .add("report.pdf", bytes("%PDF-1.4"))
            .add("tool.exe", bytes("MZ"))
            .add("inner.zip", inner)
            .add("__MACOSX/._report.pdf", bytes("fork"))
            .add("notes/.DS_Store", bytes("ds"))
            .write(dir.resolve("mixed.zip"));
    try (ZipArchive archive = ZipArchive.open(zip, LIMITS, TEXT_AND_PDF)) {
      assertThat(archive.files()).extracting(ZipArchive.Entry::name).containsExactly("report.pdf");
      assertThat(archive.skipped())
          .containsExactly("tool.exe", "inner.zip", "._report.pdf", ".DS_Store");
      assertThat(archive.skippedSummary())
          .isEqualTo(
              "4 entries skipped, not of a type Intake reads: tool.exe, inner.zip, ._report.pdf,"
                  + " .DS_Store");
      assertThat(archive.totalBytes()).isEqualTo(8);
    }
  }

  @Test
  void namesThatAreNotUtf8AreReadInTheDosCodePage() throws IOException {
    byte[] name = "Übersicht.txt".getBytes(Charset.forName("IBM437"));
    Path zip =
        new RawZip().add(name, 0, RawZip.DEFLATED, bytes("text"), -1).write(dir.resolve("dos.zip"));
    try (ZipArchive archive = ZipArchive.open(zip, LIMITS, TEXT_AND_PDF)) {
      assertThat(archive.files())
          .extracting(ZipArchive.Entry::name)
          .containsExactly("Übersicht.txt");
    }
  }

  @Test
  void moreEntriesThanTheLimitAreRefusedNamingTheSetting() throws IOException {
    RawZip raw = new RawZip();
    for (int i = 0; i < 101; i++) {
      raw.add("f" + i + ".bin", new byte[0]); // skipped ones count too
    }
    Path zip = raw.write(dir.resolve("many.zip"));
    assertRefused(zip, LIMITS, "archive_too_many_entries", false)
        .hasMessage(
            "The archive has 101 entries; Intake expands archives of at most 100 entries"
                + " (INTAKE_MAX_ARCHIVE_ENTRIES)");
  }

  @Test
  void filesThatInflateBeyondTheTotalAreRefusedAsTooLarge() throws IOException {
    ArchiveLimits small = new ArchiveLimits(100, 3L << 20, 100, 32L << 20);
    Path zip =
        new RawZip()
            .add("a.txt", varied(2 << 20))
            .add("b.txt", varied(2 << 20))
            .add("big.bin", varied(8 << 20)) // skipped: not counted
            .write(dir.resolve("total.zip"));
    assertRefused(zip, small, "archive_too_large", true)
        .hasMessageContaining("inflate to 4 MB; Intake expands at most 3 MB")
        .hasMessageContaining("INTAKE_MAX_ARCHIVE_MB");
  }

  @Test
  void oneFileBeyondTheUploadLimitIsRefusedAsTooLarge() throws IOException {
    ArchiveLimits small = new ArchiveLimits(100, 64L << 20, 100, 1L << 20);
    Path zip = new RawZip().add("a.txt", varied(2 << 20)).write(dir.resolve("one.zip"));
    assertRefused(zip, small, "archive_too_large", true)
        .hasMessageContaining("a.txt inflates to 2 MB, more than the upload limit of 1 MB");
  }

  @Test
  void aFileThatInflatesBeyondTheRatioIsAZipBomb() throws IOException {
    Path zip = new RawZip().add("zeros.txt", new byte[16 << 20]).write(dir.resolve("bomb.zip"));
    assertThat(Files.size(zip)).isLessThan(64 * 1024);
    assertRefused(zip, LIMITS, "archive_bomb", false)
        .hasMessageContaining("zeros.txt inflates")
        .hasMessageContaining("INTAKE_MAX_ARCHIVE_RATIO");
  }

  @Test
  void smallFilesMayCompressBeyondTheRatio() throws IOException {
    Path zip = new RawZip().add("blank.txt", new byte[512 * 1024]).write(dir.resolve("ok.zip"));
    try (ZipArchive archive = ZipArchive.open(zip, LIMITS, TEXT_AND_PDF)) {
      assertThat(archive.files()).hasSize(1);
      try (InputStream in = archive.open(archive.files().getFirst())) {
        assertThat(in.readAllBytes()).hasSize(512 * 1024);
      }
    }
  }

  @Test
  void entriesThatOverlapAreAZipBomb() throws IOException {
    Path zip =
        new RawZip()
            .add("kernel.txt", varied(200_000))
            .alias("copy1.txt")
            .alias("copy2.txt")
            .write(dir.resolve("overlap.zip"));
    assertRefused(zip, LIMITS, "archive_bomb", false).hasMessageContaining("overlap");
  }

  @Test
  void aHeaderThatUnderstatesAFilesSizeIsCaughtWhileInflating() throws IOException {
    byte[] data = varied(300_000);
    Path zip =
        new RawZip()
            .add(bytes("liar.txt"), 1 << 11, RawZip.DEFLATED, data, 1000)
            .write(dir.resolve("liar.zip"));
    try (ZipArchive archive = ZipArchive.open(zip, LIMITS, TEXT_AND_PDF);
        InputStream in = archive.open(archive.files().getFirst())) {
      assertThat(archive.totalBytes()).isEqualTo(1000);
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOfSatisfying(
              ArchiveReadException.class,
              e -> assertThat(e.refusal().code()).isEqualTo("archive_bomb"))
          .hasMessageContaining("inflates to more than its header declares (1000 bytes)");
    }
  }

  @Test
  void damagedDataIsReportedAsADamagedArchive() throws IOException {
    byte[] garbage = new byte[4096];
    new java.util.Random(3).nextBytes(garbage);
    Path zip =
        new RawZip()
            .add(bytes("broken.txt"), 1 << 11, RawZip.STORED, garbage, -1)
            .write(dir.resolve("d.zip"));
    // Turn the stored entry into a deflated one over random bytes: invalid deflate data.
    byte[] b = Files.readAllBytes(zip);
    b[8] = RawZip.DEFLATED; // local header's method
    int cen = indexOf(b, new byte[] {'P', 'K', 1, 2});
    b[cen + 10] = RawZip.DEFLATED;
    Files.write(zip, b);
    try (ZipArchive archive = ZipArchive.open(zip, LIMITS, TEXT_AND_PDF);
        InputStream in = archive.open(archive.files().getFirst())) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOfSatisfying(
              ArchiveReadException.class,
              e -> assertThat(e.refusal().code()).isEqualTo("archive_damaged"))
          .hasMessage(
              "The archive's file broken.txt could not be inflated: the archive is damaged");
    }
  }

  @Test
  void anEncryptedArchiveIsRefusedAsEncrypted() throws IOException {
    Path zip =
        new RawZip()
            .add(bytes("secret.txt"), RawZip.encryptedFlags(), RawZip.STORED, bytes("x"), -1)
            .write(dir.resolve("enc.zip"));
    assertRefused(zip, LIMITS, "archive_encrypted", false)
        .hasMessage("The ZIP archive is encrypted; a password is required");
  }

  @Test
  void aFileThatIsNotAZipIsRefusedAsDamaged() throws IOException {
    Path zip = Files.writeString(dir.resolve("fake.zip"), "just some text, not an archive");
    assertRefused(zip, LIMITS, "archive_damaged", false)
        .hasMessage("The file could not be read as a ZIP archive: it is damaged or not one");
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      Path zip, ArchiveLimits limits, String code, boolean tooLarge) {
    return assertThatThrownBy(() -> ZipArchive.open(zip, limits, TEXT_AND_PDF).close())
        .isInstanceOfSatisfying(
            ArchiveRefusedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.tooLarge()).isEqualTo(tooLarge);
            });
  }

  private static String read(ZipArchive archive, int index) throws IOException {
    List<ZipArchive.Entry> files = archive.files();
    try (InputStream in = archive.open(files.get(index))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes that deflate poorly (well within any ratio). */
  private static byte[] varied(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
