package dev.intake.ingest.archive;

/**
 * How much one uploaded archive may hold. Checked on the archive's central directory before a byte
 * is inflated, and again on the bytes as they are inflated (a header may lie).
 *
 * @param maxEntries the most entries, directories and skipped ones included ({@code
 *     INTAKE_MAX_ARCHIVE_ENTRIES})
 * @param maxTotalBytes the most bytes the entries that are ingested inflate to together ({@code
 *     INTAKE_MAX_ARCHIVE_MB})
 * @param maxRatio the most an entry may inflate, as a multiple of its compressed size ({@code
 *     INTAKE_MAX_ARCHIVE_RATIO}); entries of at most {@link #RATIO_EXEMPT_BYTES} are exempt
 * @param maxEntryBytes the most one entry may inflate to: the upload limit, since each entry is an
 *     upload of its own ({@code INTAKE_MAX_UPLOAD_MB})
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, int maxRatio, long maxEntryBytes) {

  /**
   * Entries this small are not held to the ratio: a short text or an empty file compresses far
   * beyond it, and inflating it costs nothing.
   */
  public static final long RATIO_EXEMPT_BYTES = 1L << 20;

  public ArchiveLimits {
    if (maxEntries < 1 || maxTotalBytes < 1 || maxRatio < 1 || maxEntryBytes < 1) {
      throw new IllegalArgumentException("archive limits must be positive");
    }
  }
}
