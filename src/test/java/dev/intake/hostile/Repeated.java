package dev.intake.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a unit of text over and over, streaming: how the generators reach hundreds of MB. */
final class Repeated {
  private Repeated() {}

  /**
   * Writes {@code unit} whole as many times as fit in {@code bytes} (at least once); returns the
   * number of bytes written.
   */
  static long write(OutputStream out, String unit, long bytes) throws IOException {
    byte[] one = unit.getBytes(StandardCharsets.UTF_8);
    int perBlock = Math.max(1, (1 << 16) / one.length);
    byte[] block = new byte[perBlock * one.length];
    for (int i = 0; i < perBlock; i++) {
      System.arraycopy(one, 0, block, i * one.length, one.length);
    }
    long units = Math.max(1, bytes / one.length);
    long written = 0;
    for (long done = 0; done < units; ) {
      int n = (int) Math.min(perBlock, units - done);
      out.write(block, 0, n * one.length);
      done += n;
      written += (long) n * one.length;
    }
    return written;
  }
}
