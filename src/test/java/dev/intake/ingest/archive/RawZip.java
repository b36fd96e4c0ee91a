package dev.intake.ingest.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes ZIP archives byte by byte, so that tests can make what no well-behaved tool does: names of
 * any bytes, headers that understate an entry's size, entries that share their compressed data
 * (overlapping, as in the smallest zip bombs), the encryption flag, and damaged data.
 */
final class RawZip {
  static final int STORED = 0;
  static final int DEFLATED = 8;
  private static final int UTF8_FLAG = 1 << 11;

  private record Item(
      byte[] name, int flags, int method, long crc, long csize, long usize, int localOffset) {}

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<Item> items = new ArrayList<>();

  /** A deflated entry with a UTF-8 name (flag set) and true sizes. */
  RawZip add(String name, byte[] data) {
    return add(name.getBytes(StandardCharsets.UTF_8), UTF8_FLAG, DEFLATED, data, -1);
  }

  /**
   * An entry written as given.
   *
   * @param declaredSize the uncompressed size the headers state; -1 for the true one
   */
  RawZip add(byte[] name, int flags, int method, byte[] data, long declaredSize) {
    byte[] body = method == DEFLATED ? deflate(data) : data;
    CRC32 crc = new CRC32();
    crc.update(data);
    long usize = declaredSize < 0 ? data.length : declaredSize;
    Item item = new Item(name, flags, method, crc.getValue(), body.length, usize, out.size());
    writeLocal(item);
    out.writeBytes(body);
    items.add(item);
    return this;
  }

  /** A directory entry. */
  RawZip directory(String name) {
    return add(name.getBytes(StandardCharsets.UTF_8), UTF8_FLAG, STORED, new byte[0], -1);
  }

  /** Another central-directory entry for the data of the last entry: the two overlap. */
  RawZip alias(String name) {
    Item last = items.getLast();
    items.add(
        new Item(
            name.getBytes(StandardCharsets.UTF_8),
            last.flags(),
            last.method(),
            last.crc(),
            last.csize(),
            last.usize(),
            last.localOffset()));
    return this;
  }

  /** Sets the encryption flag of every entry written after this. */
  static int encryptedFlags() {
    return UTF8_FLAG | 1;
  }

  Path write(Path file) throws IOException {
    int cenOffset = out.size();
    for (Item i : items) {
      ByteBuffer b = le(46 + i.name().length);
      b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20);
      b.putShort((short) i.flags()).putShort((short) i.method()).putInt(0); // time, date
      b.putInt((int) i.crc()).putInt((int) i.csize()).putInt((int) i.usize());
      b.putShort((short) i.name().length).putShort((short) 0).putShort((short) 0);
      b.putShort((short) 0).putShort((short) 0).putInt(0).putInt(i.localOffset());
      b.put(i.name());
      out.writeBytes(b.array());
    }
    int cenSize = out.size() - cenOffset;
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) items.size()).putShort((short) items.size());
    end.putInt(cenSize).putInt(cenOffset).putShort((short) 0);
    out.writeBytes(end.array());
    return Files.write(file, out.toByteArray());
  }

  private void writeLocal(Item i) {
    ByteBuffer b = le(30 + i.name().length);
    b.putInt(0x04034b50).putShort((short) 20).putShort((short) i.flags());
    b.putShort((short) i.method()).putInt(0);
    b.putInt((int) i.crc()).putInt((int) i.csize()).putInt((int) i.usize());
    b.putShort((short) i.name().length).putShort((short) 0);
    b.put(i.name());
    out.writeBytes(b.array());
  }

  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    while (!d.finished()) {
      o.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return o.toByteArray();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
