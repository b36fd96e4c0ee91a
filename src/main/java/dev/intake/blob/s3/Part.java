package dev.intake.blob.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Up to one part's worth of an upload, read into memory and hashed on the way. The buffer grows as
 * bytes arrive, so a small file costs a small buffer, and never exceeds the part size.
 *
 * @param full whether the part size was reached: more bytes may follow
 */
record Part(byte[] bytes, int length, boolean full) {

  static Part read(InputStream in, MessageDigest sha, int partSize) throws IOException {
    byte[] buf = new byte[Math.min(partSize, 64 * 1024)];
    int n = 0;
    while (n < partSize) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(partSize, buf.length * 2L));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      sha.update(buf, n, r);
      n += r;
    }
    return new Part(buf, n, n == partSize);
  }

  /** The part as a request body the SDK can read again when it retries. */
  RequestBody body() {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream");
  }
}
