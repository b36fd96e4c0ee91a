package dev.intake.pipeline.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells a text file from binary data by its first {@value #SAMPLE_BYTES} bytes, before a text
 * parser turns the data into garbage "text" (1 MB of random bytes named {@code .txt} once became
 * 1,439 chunks). Text in any common encoding — UTF-8, a legacy 8-bit code page — has almost no
 * control bytes besides tab, line breaks, form feed and escape; random or compressed data has about
 * one in nine. A file that starts with a UTF-16 or UTF-32 byte order mark, or whose zero bytes all
 * fall on every other byte (UTF-16 without a mark), is text. The latter only works for mostly Latin
 * text: UTF-16 without a mark in Cyrillic, Greek, Arabic or CJK has a control-range byte in every
 * other position and is taken for binary data.
 */
final class TextSample {

  static final int SAMPLE_BYTES = 64 * 1024;

  /** More control bytes than this share of the sample means binary data. */
  private static final double MAX_CONTROL_SHARE = 0.03;

  private TextSample() {}

  static boolean looksLikeText(Path file) throws IOException {
    byte[] sample;
    try (InputStream in = Files.newInputStream(file)) {
      sample = in.readNBytes(SAMPLE_BYTES);
    }
    return looksLikeText(sample, sample.length);
  }

  static boolean looksLikeText(byte[] b, int length) {
    if (length == 0 || hasWideByteOrderMark(b, length)) {
      return true;
    }
    int controls = 0;
    int zerosEven = 0;
    int zerosOdd = 0;
    for (int i = 0; i < length; i++) {
      int c = b[i] & 0xFF;
      if (c == 0) {
        if (i % 2 == 0) {
          zerosEven++;
        } else {
          zerosOdd++;
        }
      }
      if (isControl(c)) {
        controls++;
      }
    }
    int zeros = zerosEven + zerosOdd;
    if (zeros > length / 4 && Math.max(zerosEven, zerosOdd) >= zeros * 0.95) {
      controls -= zeros; // UTF-16 without a byte order mark: ASCII letters with a zero byte each
    }
    return controls <= length * MAX_CONTROL_SHARE;
  }

  private static boolean isControl(int c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F;
  }

  private static boolean hasWideByteOrderMark(byte[] b, int length) {
    return length >= 2
        && (((b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF)
            || ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE)
            || (length >= 4
                && b[0] == 0
                && b[1] == 0
                && (b[2] & 0xFF) == 0xFE
                && (b[3] & 0xFF) == 0xFF));
  }
}
