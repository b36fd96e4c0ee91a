package dev.intake.ingest.archive;

import dev.intake.ingest.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A ZIP archive opened for expansion, its central directory checked before a byte is inflated:
 * every entry counted against the entry limit, the files to ingest (those whose cleaned name is of
 * a readable type) against the size and ratio limits, and all entries together against the
 * archive's own size (entries that overlap, the trick of the smallest zip bombs, claim more
 * compressed bytes than the file has). {@link #open(Entry)} then holds each entry to the size its
 * header declares, so a header that lies cannot get past the limits either.
 *
 * <p>Entry names are metadata only: nothing is written under them, so a name with {@code ..}, an
 * absolute path or a backslash cannot reach outside anything. Each becomes a document name as an
 * uploaded file's does ({@link FileNames#clean}): its last path segment, without control or bidi
 * characters. Archives inside the archive are files of a type Intake does not read: they are
 * skipped, never expanded, so no nesting multiplies the limits. macOS's {@code __MACOSX/} and
 * {@code ._} resource forks are skipped as the metadata they are.
 */
public final class ZipArchive implements AutoCloseable {
  /** How many skipped names a message lists. */
  static final int NAMES_SHOWN = 5;

  private static final Charset LEGACY_NAMES = Charset.forName("IBM437");

  /** One file of the archive to ingest: its cleaned name and its declared (inflated) size. */
  public static final class Entry {
    private final ZipEntry zipEntry;
    private final String name;

    private Entry(ZipEntry zipEntry, String name) {
      this.zipEntry = zipEntry;
      this.name = name;
    }

    /** The name for the document: the last segment of the entry's path, cleaned. */
    public String name() {
      return name;
    }

    /** The bytes the entry inflates to, as its header says (and {@link #open} enforces). */
    public long size() {
      return zipEntry.getSize();
    }
  }

  private final ZipFile zip;
  private final List<Entry> files;
  private final List<String> skipped;
  private final long totalBytes;

  private ZipArchive(ZipFile zip, List<Entry> files, List<String> skipped, long totalBytes) {
    this.zip = zip;
    this.files = List.copyOf(files);
    this.skipped = List.copyOf(skipped);
    this.totalBytes = totalBytes;
  }

  /**
   * Opens {@code file} and checks its central directory against {@code limits}.
   *
   * @param readable whether a cleaned file name is of a type to ingest
   * @throws ArchiveRefusedException when the file is not a readable ZIP, is encrypted, or breaks a
   *     limit
   */
  public static ZipArchive open(Path file, ArchiveLimits limits, Predicate<String> readable)
      throws IOException {
    ZipFile zip = openZip(file);
    try {
      ZipArchive archive = check(zip, Files.size(file), limits, readable);
      zip = null; // the archive owns it now
      return archive;
    } finally {
      if (zip != null) {
        zip.close();
      }
    }
  }

  /**
   * Names are UTF-8 when an entry says so (or is plain ASCII); older tools wrote them in the DOS
   * code page, which the ZIP format takes as the default: a name that is not UTF-8 is read so.
   */
  private static ZipFile openZip(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (ZipException e) {
      if (!String.valueOf(e.getMessage()).contains("bad entry name")) {
        throw refusal(e);
      }
    }
    try {
      return new ZipFile(file.toFile(), LEGACY_NAMES);
    } catch (ZipException e) {
      throw refusal(e);
    }
  }

  private static ArchiveRefusedException refusal(ZipException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("encrypted")) {
      return ArchiveRefusedException.invalid(
          "archive_encrypted", "The ZIP archive is encrypted; a password is required");
    }
    if (m.contains("bad entry name")) {
      return ArchiveRefusedException.invalid(
          "archive_damaged",
          "The ZIP archive is damaged: an entry's name is marked UTF-8 but is not valid UTF-8");
    }
    return ArchiveRefusedException.invalid(
        "archive_damaged", "The file could not be read as a ZIP archive: it is damaged or not one");
  }

  private static ZipArchive check(
      ZipFile zip, long fileBytes, ArchiveLimits limits, Predicate<String> readable) {
    if (zip.size() > limits.maxEntries()) {
      throw ArchiveRefusedException.invalid(
          "archive_too_many_entries",
          String.format(
              Locale.ROOT,
              "The archive has %,d entries; Intake expands archives of at most %,d entries"
                  + " (INTAKE_MAX_ARCHIVE_ENTRIES)",
              zip.size(),
              limits.maxEntries()));
    }
    List<Entry> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    long total = 0;
    long compressed = 0;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      if (e.getSize() < 0 || e.getCompressedSize() < 0) {
        throw ArchiveRefusedException.invalid(
            "archive_damaged", "The ZIP archive is damaged: an entry declares no size");
      }
      compressed += e.getCompressedSize();
      if (e.isDirectory()) {
        continue;
      }
      String name = FileNames.clean(e.getName());
      if (isMetadata(e.getName()) || !readable.test(name)) {
        skipped.add(name);
        continue;
      }
      checkEntry(e, name, limits);
      total += e.getSize();
      files.add(new Entry(e, name));
    }
    if (compressed > fileBytes) {
      throw ArchiveRefusedException.invalid(
          "archive_bomb",
          "The archive's entries overlap (they claim more compressed bytes than the file has):"
              + " a zip bomb, refused");
    }
    if (total > limits.maxTotalBytes()) {
      throw ArchiveRefusedException.tooLarge(
          String.format(
              Locale.ROOT,
              "The archive's files inflate to %s; Intake expands at most %s of an archive"
                  + " (INTAKE_MAX_ARCHIVE_MB)",
              megabytes(total),
              megabytes(limits.maxTotalBytes())));
    }
    return new ZipArchive(zip, files, skipped, total);
  }

  private static void checkEntry(ZipEntry e, String name, ArchiveLimits limits) {
    // A bomb is called one, whatever its size.
    if (e.getSize() > ArchiveLimits.RATIO_EXEMPT_BYTES
        && e.getSize() > limits.maxRatio() * Math.max(1, e.getCompressedSize())) {
      throw ArchiveRefusedException.invalid(
          "archive_bomb",
          String.format(
              Locale.ROOT,
              "The archive's file %s inflates %,d times over (%s from %s), more than the %,d"
                  + " times Intake allows (INTAKE_MAX_ARCHIVE_RATIO): a zip bomb, refused",
              name,
              e.getSize() / Math.max(1, e.getCompressedSize()),
              megabytes(e.getSize()),
              megabytes(e.getCompressedSize()),
              limits.maxRatio()));
    }
    if (e.getSize() > limits.maxEntryBytes()) {
      throw ArchiveRefusedException.tooLarge(
          String.format(
              Locale.ROOT,
              "The archive's file %s inflates to %s, more than the upload limit of %s"
                  + " (INTAKE_MAX_UPLOAD_MB)",
              name,
              megabytes(e.getSize()),
              megabytes(limits.maxEntryBytes())));
    }
  }

  /**
   * macOS's resource forks and folder settings: {@code __MACOSX/…}, {@code ._x}, {@code .DS_Store}.
   */
  private static boolean isMetadata(String path) {
    String p = path.replace('\\', '/');
    String base = p.substring(p.lastIndexOf('/') + 1);
    return p.startsWith("__MACOSX/")
        || p.contains("/__MACOSX/")
        || base.startsWith("._")
        || base.equals(".DS_Store");
  }

  private static String megabytes(long bytes) {
    return bytes >= 1 << 20
        ? String.format(Locale.ROOT, "%,d MB", bytes >> 20)
        : String.format(Locale.ROOT, "%,d bytes", bytes);
  }

  /** The files to ingest, in the archive's order. */
  public List<Entry> files() {
    return files;
  }

  /** The cleaned names of the files left out: of no readable type, or metadata. */
  public List<String> skipped() {
    return skipped;
  }

  /** What the files to ingest inflate to together, as declared (and enforced while reading). */
  public long totalBytes() {
    return totalBytes;
  }

  /** "3 entries skipped, not of a type Intake reads: a.exe, b.zip, …" or null when none were. */
  public String skippedSummary() {
    if (skipped.isEmpty()) {
      return null;
    }
    List<String> shown = skipped.subList(0, Math.min(NAMES_SHOWN, skipped.size()));
    return String.format(
        Locale.ROOT,
        "%,d %s skipped, not of a type Intake reads: %s%s",
        skipped.size(),
        skipped.size() == 1 ? "entry" : "entries",
        String.join(", ", shown),
        skipped.size() > shown.size() ? ", …" : "");
  }

  /**
   * The entry's bytes, inflated. Reading fails with {@link ArchiveReadException} when the entry is
   * damaged or inflates to more than its header declares.
   */
  public InputStream open(Entry entry) throws IOException {
    InputStream in;
    try {
      in = zip.getInputStream(entry.zipEntry);
    } catch (ZipException e) {
      throw new ArchiveReadException(damaged(entry), e);
    }
    return new DeclaredSizeStream(in, entry.size(), entry.name());
  }

  static ArchiveRefusedException damaged(Entry entry) {
    return ArchiveRefusedException.invalid(
        "archive_damaged",
        "The archive's file " + entry.name() + " could not be inflated: the archive is damaged");
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
