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

/**
 * Images that attack a decoder or OCR: a PNG that declares (and inflates to) billions of pixels,
 * and a TIFF of thousands of pages, each of which OCR would read.
 */
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

  /** The side of each page of {@link #manyPageTiff}, in pixels. */
  static final int TIFF_PAGE_SIDE = 64;

  /**
   * A valid little-endian TIFF of {@code pages} pages of {@value #TIFF_PAGE_SIDE} × {@value
   * #TIFF_PAGE_SIDE} 8-bit gray pixels, white with a black square in the middle, so that no page is
   * blank and OCR would run Tesseract on every one. The pages share one strip of pixels: each costs
   * a directory of 102 bytes, so 10,000 pages take a megabyte.
   */
  public static Path manyPageTiff(Path file, int pages) throws IOException {
    int side = TIFF_PAGE_SIDE;
    byte[] pixels = new byte[side * side];
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        boolean dark = x >= side / 4 && x < 3 * side / 4 && y >= side / 4 && y < 3 * side / 4;
        pixels[y * side + x] = dark ? 0 : (byte) 0xFF;
      }
    }
    int entries = 8;
    int ifdSize = 2 + entries * 12 + 4;
    long stripOffset = 8;
    long firstIfd = stripOffset + pixels.length;
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      java.nio.ByteBuffer header = le(8);
      header.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt((int) firstIfd);
      raw.write(header.array());
      raw.write(pixels);
      for (int p = 0; p < pages; p++) {
        long next = p + 1 < pages ? firstIfd + (long) (p + 1) * ifdSize : 0;
        java.nio.ByteBuffer ifd = le(ifdSize);
        ifd.putShort((short) entries);
        tiffEntry(ifd, 256, 3, side); // ImageWidth
        tiffEntry(ifd, 257, 3, side); // ImageLength
        tiffEntry(ifd, 258, 3, 8); // BitsPerSample
        tiffEntry(ifd, 259, 3, 1); // Compression: none
        tiffEntry(ifd, 262, 3, 1); // PhotometricInterpretation: black is zero
        tiffEntry(ifd, 273, 4, stripOffset); // StripOffsets
        tiffEntry(ifd, 278, 3, side); // RowsPerStrip
        tiffEntry(ifd, 279, 4, pixels.length); // StripByteCounts
        ifd.putInt((int) next);
        raw.write(ifd.array());
      }
    }
    return file;
  }

  /** One directory entry of count 1; {@code type} 3 is SHORT, 4 is LONG. */
  private static void tiffEntry(java.nio.ByteBuffer ifd, int tag, int type, long value) {
    ifd.putShort((short) tag).putShort((short) type).putInt(1);
    if (type == 3) {
      ifd.putShort((short) value).putShort((short) 0);
    } else {
      ifd.putInt((int) value);
    }
  }

  private static java.nio.ByteBuffer le(int size) {
    return java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
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
