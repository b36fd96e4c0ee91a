package dev.intake.pipeline.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.poi.poifs.crypt.Decryptor;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * Opens an encrypted Office 2007+ file (Word, Excel, PowerPoint) whose password is Office's default
 * one, "VelvetSweatshop": Excel uses it for a workbook that is only protected against changes, so
 * such a file opens in Excel without asking for a password, and must open here too. Any other
 * password leaves the file encrypted.
 */
final class DefaultPasswordDecryption {

  private DefaultPasswordDecryption() {}

  /**
   * The decrypted package, written to a new temporary file the caller deletes, or null if {@code
   * file} needs a password other than the default one (or is not an encrypted Office file).
   */
  static Path decrypt(Path file) throws IOException {
    long limit = Files.size(file) + (1 << 20); // the package is no larger than its encryption
    try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
      Decryptor decryptor = Decryptor.getInstance(new EncryptionInfo(fs));
      if (!decryptor.verifyPassword(Decryptor.DEFAULT_PASSWORD)) {
        return null;
      }
      Path plain = Files.createTempFile("intake-decrypted", ".ooxml");
      try (InputStream in = decryptor.getDataStream(fs);
          OutputStream out = Files.newOutputStream(plain)) {
        copyAtMost(in, out, limit);
        return plain;
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(plain);
        throw e;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return null; // an encryption POI cannot undo: the file stays encrypted
    }
  }

  private static void copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > limit) {
        throw new IOException("decrypted package larger than its encrypted file");
      }
      out.write(buffer, 0, n);
    }
  }
}
