package dev.intake.hostile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A zip container written part by part, each part streamed through the deflater. */
final class ZipParts implements AutoCloseable {
  private final ZipOutputStream zip;

  ZipParts(Path file) throws IOException {
    zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  /** A part stored uncompressed, as ODF and EPUB require of their leading {@code mimetype}. */
  ZipParts stored(String name, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
    return this;
  }

  ZipParts part(String name, String text) throws IOException {
    return part(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A deflated part whose bytes {@code content} writes as it goes. */
  ZipParts part(String name, Content content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    content.writeTo(zip);
    zip.closeEntry();
    return this;
  }

  /** Parts a caller adds to a skeleton. */
  @FunctionalInterface
  interface More {
    void addTo(ZipParts zip) throws IOException;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
