package dev.intake.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Blobs as files below one directory, in {@code yyyy/MM/} folders named by random UUIDs. A blob is
 * written to a temporary file and moved into place only when complete, so a half-written upload is
 * never visible under its key.
 */
public final class LocalBlobStore implements BlobStore {
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

  private final Path root;
  private final Clock clock;

  public LocalBlobStore(Path root, Clock clock) throws IOException {
    this.root = Files.createDirectories(root).toAbsolutePath().normalize();
    this.clock = clock;
    Files.createDirectories(this.root.resolve("tmp"));
  }

  @Override
  public StoredBlob put(InputStream in, long maxBytes) throws IOException {
    String key = MONTH.format(clock.instant()) + "/" + UUID.randomUUID();
    Path tmp = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
    try {
      MessageDigest sha = sha256();
      long size = 0;
      byte[] buf = new byte[64 * 1024];
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        int n;
        while ((n = in.read(buf)) != -1) {
          size += n;
          if (size > maxBytes) {
            throw new BlobTooLargeException(maxBytes);
          }
          out.write(buf, 0, n);
        }
      }
      Path target = resolve(key);
      Files.createDirectories(target.getParent());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return new StoredBlob(key, size, HexFormat.of().formatHex(sha.digest()));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public Path localPath(String key) throws IOException {
    Path p = resolve(key);
    if (!Files.isRegularFile(p)) {
      throw new IOException("stored file " + key + " is missing");
    }
    return p;
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  private Path resolve(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("blob key outside the store: " + key);
    }
    return p;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
