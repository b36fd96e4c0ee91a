package dev.intake.ingest.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * An entry's inflated bytes, held to the size its header declares: the limits were checked on the
 * declared sizes, so one byte more is a lie (a crafted header) and ends the read. Inflation errors
 * become {@link ArchiveReadException}s that say which entry is damaged.
 */
final class DeclaredSizeStream extends FilterInputStream {
  private final long declared;
  private final String name;
  private long read;

  DeclaredSizeStream(InputStream in, long declared, String name) {
    super(in);
    this.declared = declared;
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      // One byte past the declared size is enough to see a lie, and no more is inflated.
      n = super.read(b, off, (int) Math.min(len, declared - read + 1));
    } catch (ZipException | java.io.EOFException e) {
      throw new ArchiveReadException(
          ArchiveRefusedException.invalid(
              "archive_damaged",
              "The archive's file " + name + " could not be inflated: the archive is damaged"),
          e);
    }
    if (n > 0) {
      read += n;
      if (read > declared) {
        throw new ArchiveReadException(
            ArchiveRefusedException.invalid(
                "archive_bomb",
                "The archive's file "
                    + name
                    + " inflates to more than its header declares ("
                    + declared
                    + " bytes): a crafted archive, refused"),
            null);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }
}
