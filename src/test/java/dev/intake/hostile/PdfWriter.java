package dev.intake.hostile;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PDF writer: numbered objects, a Flate stream written as it is produced (its length an
 * indirect object after it, so nothing is held in memory), the cross-reference table and the
 * trailer. Exact enough to write the malformed structures a parser must survive, which a real PDF
 * library refuses to produce.
 */
final class PdfWriter implements AutoCloseable {
  private final CountingStream out;
  private final Map<Integer, Long> offsets = new TreeMap<>();

  PdfWriter(Path file) throws IOException {
    out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
  }

  /** Writes object {@code number} with the dictionary or value {@code body}. */
  void object(int number, String body) throws IOException {
    offsets.put(number, out.count);
    write(number + " 0 obj\n" + body + "\nendobj\n");
  }

  /**
   * Writes object {@code number} as a Flate-compressed stream whose uncompressed bytes {@code
   * content} writes, and object {@code lengthNumber} holding its compressed length.
   */
  void deflatedStream(int number, int lengthNumber, Content content) throws IOException {
    imageStream(number, lengthNumber, "", content);
  }

  /**
   * Writes a Flate-compressed stream as {@link #deflatedStream} does, with {@code entries} (e.g. an
   * image's {@code /Width}) added to its dictionary.
   */
  void imageStream(int number, int lengthNumber, String entries, Content content)
      throws IOException {
    offsets.put(number, out.count);
    write(
        number
            + " 0 obj\n<< "
            + entries
            + " /Length "
            + lengthNumber
            + " 0 R /Filter /FlateDecode >>\nstream\n");
    long start = out.count;
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    DeflaterOutputStream deflated =
        new DeflaterOutputStream(new Unclosable(out), deflater, 1 << 16);
    content.writeTo(deflated);
    deflated.finish();
    deflater.end();
    long length = out.count - start;
    write("\nendstream\nendobj\n");
    object(lengthNumber, Long.toString(length));
  }

  /** Writes the cross-reference table and the trailer naming {@code root} as the catalog. */
  void finish(int root) throws IOException {
    long xref = out.count;
    int size = offsets.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    StringBuilder table = new StringBuilder("xref\n0 " + size + "\n0000000000 65535 f \n");
    for (int i = 1; i < size; i++) {
      Long offset = offsets.get(i);
      table.append(
          offset == null
              ? "0000000000 65535 f \n"
              : String.format(java.util.Locale.ROOT, "%010d 00000 n \n", offset));
    }
    table.append("trailer\n<< /Size ").append(size).append(" /Root ").append(root);
    table.append(" 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    write(table.toString());
  }

  private void write(String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Lets a compressing stream finish without closing the file beneath it. */
  private static final class Unclosable extends FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
