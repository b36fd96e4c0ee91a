package dev.intake.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
  @TempDir Path dir;

  @Test
  void storesUnderAServerChosenKeyAndHashesWhileStreaming() throws Exception {
    LocalBlobStore store = new LocalBlobStore(dir, Clock.systemUTC());
    StoredBlob b =
        store.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), 100);
    assertThat(b.sizeBytes()).isEqualTo(5);
    assertThat(b.sha256())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(b.key()).matches("\\d{4}/\\d{2}/[0-9a-f-]{36}");
    assertThat(Files.readString(store.localPath(b.key()))).isEqualTo("hello");
  }

  @Test
  void tooLargeUploadLeavesNothingBehind() throws Exception {
    LocalBlobStore store = new LocalBlobStore(dir, Clock.systemUTC());
    assertThatThrownBy(() -> store.put(new ByteArrayInputStream(new byte[200_000]), 100_000))
        .isInstanceOf(BlobTooLargeException.class);
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void keysCannotEscapeTheStore() throws Exception {
    LocalBlobStore store = new LocalBlobStore(dir, Clock.systemUTC());
    assertThatThrownBy(() -> store.localPath("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
