package dev.intake.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Blobs as files below one directory, in {@code yyyy/MM/} folders named by random UUIDs. A blob is
 * written to a temporary file and moved into place only when complete, so a half-written upload is
 * never visible under its key.
 *
 * <p>{@link #put} returns only once the blob survives a power cut: the file's bytes are forced to
 * the disk before the move, and the directory that received it (and any directory created for it,
 * in its parent) after the move. A caller records the blob's key in the database after that.
 */
public final class LocalBlobStore implements BlobStore {
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

  private static final int PAGE = 1000;

  private final Path root;
  private final Clock clock;
  // Month directories whose own entry is known to be on disk: created and synced by this store, or
  // found already there.
  private final Set<Path> durableDirectories = ConcurrentHashMap.newKeySet();

  public LocalBlobStore(Path root, Clock clock) throws IOException {
    this.root = Files.createDirectories(root).toAbsolutePath().normalize();
    this.clock = clock;
    Files.createDirectories(this.root.resolve("tmp"));
    force(this.root);
    if (this.root.getParent() != null) {
      force(this.root.getParent());
    }
  }

  @Override
  public StoredBlob put(InputStream in, long maxBytes) throws IOException {
    String key = MONTH.format(clock.instant()) + "/" + UUID.randomUUID();
    Path tmp;
    try {
      tmp = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
    } catch (IOException e) {
      if (!Files.isDirectory(root.resolve("tmp"))) {
        throw missing(e); // an unmounted share, a removed directory
      }
      throw e;
    }
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
      force(tmp);
      Path target = resolve(key);
      createDurably(target.getParent());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      force(target.getParent());
      return new StoredBlob(key, size, HexFormat.of().formatHex(sha.digest()));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The stored file itself: it is local already, so closing the handle keeps it. */
  @Override
  public LocalBlob fetch(String key) throws IOException {
    Path p = resolve(key);
    if (!Files.isRegularFile(p)) {
      throw new BlobMissingException(key);
    }
    return new LocalBlob(p, false);
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  public void listOlderThan(Instant before, BlobPage page) throws IOException {
    List<String> keys = new ArrayList<>(PAGE);
    // Blobs are exactly the files at yyyy/MM/name; tmp/ holds writes in progress.
    try (Stream<Path> files = Files.find(root, 3, (p, a) -> isBlob(p, a, before))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        keys.add(root.relativize(p).toString().replace('\\', '/'));
        if (keys.size() == PAGE) {
          page.accept(List.copyOf(keys));
          keys.clear();
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (!keys.isEmpty()) {
      page.accept(List.copyOf(keys));
    }
  }

  private boolean isBlob(Path p, BasicFileAttributes a, Instant before) {
    return a.isRegularFile()
        && root.relativize(p).getNameCount() == 3
        && !root.relativize(p).startsWith("tmp")
        && a.lastModifiedTime().toInstant().isBefore(before);
  }

  /** Deletes temporary files of uploads that a crash interrupted. */
  @Override
  public int removeUnfinishedWrites(Instant before) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(root.resolve("tmp"), "upload-*")) {
      for (Path p : tmp) {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(before) && Files.deleteIfExists(p)) {
          removed++;
        }
      }
    }
    return removed;
  }

  @Override
  public void check() throws IOException {
    if (!Files.isDirectory(root.resolve("tmp")) || !Files.isWritable(root.resolve("tmp"))) {
      throw missing(null);
    }
  }

  private BlobAccessException missing(Throwable cause) {
    return new BlobAccessException(
        "The blob directory "
            + root
            + " is missing, not a directory or read-only (INTAKE_BLOB_DIR; a shared mount that"
            + " is not mounted?)",
        cause);
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public String location() {
    return root.toString();
  }

  /**
   * Creates {@code dir} and its missing parents below the root, forcing each new entry to disk
   * through its parent directory.
   */
  private void createDurably(Path dir) throws IOException {
    if (durableDirectories.contains(dir)) {
      return;
    }
    synchronized (durableDirectories) { // one thread creates and syncs, the others wait for it
      createDurablyLocked(dir);
    }
  }

  private void createDurablyLocked(Path dir) throws IOException {
    if (durableDirectories.contains(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (!parent.equals(root)) {
      createDurablyLocked(parent);
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      force(parent);
    }
    durableDirectories.add(dir);
  }

  /** fsync: the file's bytes, or a directory's entries, reach the disk before this returns. */
  private static void force(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ch.force(true);
    }
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
