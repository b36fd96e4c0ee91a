package dev.intake.pipeline.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.tika.detect.DefaultEncodingDetector;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.metadata.Metadata;

/**
 * Decides a plain text file's encoding from its first {@value #SAMPLE_BYTES} bytes, before Tika's
 * statistical guess: a byte order mark says it (UTF-8, UTF-16); bytes that are well-formed UTF-8
 * are UTF-8; text whose letters are mostly ASCII with a few bytes above 127 is Western European
 * (windows-1252, a superset of Latin-1), which Tika's guess took for Cyrillic on German text.
 * Anything else (Cyrillic, Greek, CJK code pages) is left to Tika's detectors.
 */
final class TextEncoding implements EncodingDetector {

  static final int SAMPLE_BYTES = 64 * 1024;
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** Above this share of bytes over 127 among the letters, the text is not mostly Latin. */
  private static final double MOST_ACCENTED_SHARE = 0.25;

  private final EncodingDetector tika = new DefaultEncodingDetector();

  @Override
  public Charset detect(InputStream input, Metadata metadata) throws IOException {
    if (input == null) {
      return null;
    }
    input.mark(SAMPLE_BYTES);
    byte[] sample;
    try {
      sample = input.readNBytes(SAMPLE_BYTES);
    } finally {
      input.reset();
    }
    Charset known = of(sample, sample.length == SAMPLE_BYTES);
    return known != null ? known : tika.detect(input, metadata);
  }

  /** The encoding the sample shows, or null to let Tika guess; {@code cut}: the file goes on. */
  static Charset of(byte[] b, boolean cut) {
    int n = b.length;
    if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
      return StandardCharsets.UTF_8;
    }
    if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    int high = 0;
    int letters = 0;
    for (byte x : b) {
      int c = x & 0xFF;
      if (c == 0) {
        return null; // UTF-16 without a mark, or binary: Tika's detectors decide
      }
      if (c > 127) {
        high++;
        letters++;
      } else if (Character.isLetter(c)) {
        letters++;
      }
    }
    if (high == 0 || isUtf8(b, cut)) {
      return StandardCharsets.UTF_8;
    }
    return high <= letters * MOST_ACCENTED_SHARE ? WINDOWS_1252 : null;
  }

  private static boolean isUtf8(byte[] b, boolean cut) {
    int length = b.length;
    if (cut) {
      // A character cut by the end of the sample is not an error: drop its lead and tail.
      int i = length - 1;
      while (i > 0 && length - i < 4 && (b[i] & 0xC0) == 0x80) {
        i--;
      }
      if (i >= 0 && (b[i] & 0xC0) == 0xC0) {
        length = i;
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      decoder.decode(ByteBuffer.wrap(b, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
