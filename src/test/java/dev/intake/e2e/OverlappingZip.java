package dev.intake.e2e;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Rewrites a one-entry ZIP so that its central directory lists the entry {@code times} times, under
 * names of the same length, all pointing at the same compressed data: overlapping entries.
 */
final class OverlappingZip {
  private OverlappingZip() {}

  static byte[] repeatCentralEntry(byte[] zip, int times) {
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    int end = zip.length - 22;
    int cenSize = b.getInt(end + 12);
    int cenOffset = b.getInt(end + 16);
    byte[] cen = Arrays.copyOfRange(zip, cenOffset, cenOffset + cenSize);
    int nameLength = ByteBuffer.wrap(cen).order(ByteOrder.LITTLE_ENDIAN).getShort(28);
    ByteBuffer out = ByteBuffer.allocate(cenOffset + cenSize * times + 22);
    out.order(ByteOrder.LITTLE_ENDIAN);
    out.put(zip, 0, cenOffset);
    for (int i = 0; i < times; i++) {
      byte[] copy = cen.clone();
      copy[46 + nameLength - 5] = (byte) ('a' + i); // "kernel.txt" → "kernea.txt", …: distinct
      out.put(copy);
    }
    out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    out.putShort((short) times).putShort((short) times);
    out.putInt(cenSize * times).putInt(cenOffset).putShort((short) 0);
    return out.array();
  }
}
