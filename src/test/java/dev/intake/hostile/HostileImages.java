package dev.intake.hostile;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Images that attack a decoder: a PNG that declares (and inflates to) billions of pixels. */
public final class HostileImages {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private HostileImages() {}

  /**
   * A valid 1-bit gray PNG of {@code width} × {@code height} white pixels: its image data really
   * inflates to {@code height × (width / 8 + 1)} bytes (1.25 GB for 100,000 × 100,000), compressed
   * a thousandfold. A decoder that trusts the header allocates it all.
   */
  public static Path pngBomb(Path file, int width, int height) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.write(SIGNATURE);
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(ihdr);
      h.writeInt(width);
      h.writeInt(height);
      h.writeByte(1); // bit depth
      h.writeByte(0); // gray
      h.writeByte(0); // deflate
      h.writeByte(0); // adaptive filtering
      h.writeByte(0); // not interlaced
      chunk(out, "IHDR", ihdr.toByteArray());
      try (IdatStream idat = new IdatStream(out);
          DeflaterOutputStream deflated =
              new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
        byte[] row = new byte[width / 8 + 1 + (width % 8 == 0 ? 0 : 1)];
        java.util.Arrays.fill(row, (byte) 0xFF);
        row[0] = 0; // filter type: none
        for (int y = 0; y < height; y++) {
          deflated.write(row);
        }
      }
      chunk(out, "IEND", new byte[0]);
    }
    return file;
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    chunk(out, type, data, data.length);
  }

  private static void chunk(DataOutputStream out, String type, byte[] data, int length)
      throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(length);
    out.write(name);
    out.write(data, 0, length);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data, 0, length);
    out.writeInt((int) crc.getValue());
  }

  /** Cuts what is written to it into IDAT chunks of at most 64 KB, leaving the file open. */
  private static final class IdatStream extends OutputStream {
    private final DataOutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int used;

    IdatStream(DataOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, buffer.length - used);
        System.arraycopy(b, off, buffer, used, n);
        used += n;
        off += n;
        len -= n;
        if (used == buffer.length) {
          flushChunk();
        }
      }
    }

    private void flushChunk() throws IOException {
      if (used > 0) {
        chunk(out, "IDAT", buffer, used);
        used = 0;
      }
    }

    @Override
    public void close() throws IOException {
      flushChunk();
    }
  }
}
