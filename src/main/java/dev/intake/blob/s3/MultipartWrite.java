package dev.intake.blob.s3;

import dev.intake.blob.BlobTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One multipart upload: parts go up one at a time as they are read, so memory holds one part. Any
 * failure (the client's stream, the size limit, S3) aborts the upload, which removes the parts
 * already stored; an abort that fails too is left to the sweep ({@link
 * S3BlobStore#removeUnfinishedWrites}).
 */
final class MultipartWrite {
  private static final Logger log = LoggerFactory.getLogger(MultipartWrite.class);

  /** Runs an SDK call with its exceptions typed. */
  interface Caller {
    <T> T call(S3BlobStore.SdkCall<T> c, String key) throws IOException;
  }

  private final S3Client s3;
  private final String bucket;
  private final String object;
  private final String key;
  private final Caller caller;

  MultipartWrite(S3Client s3, String bucket, String object, String key, Caller caller) {
    this.s3 = s3;
    this.bucket = bucket;
    this.object = object;
    this.key = key;
    this.caller = caller;
  }

  /** Uploads {@code first} and the rest of {@code in}; returns the size of the object. */
  long write(Part first, InputStream in, MessageDigest sha, int partSize, long maxBytes)
      throws IOException {
    String uploadId =
        caller
            .call(() -> s3.createMultipartUpload(r -> r.bucket(bucket).key(object)), key)
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long size = 0;
      Part part = first;
      while (true) {
        size += part.length();
        if (size > maxBytes) {
          throw new BlobTooLargeException(maxBytes);
        }
        if (part.length() > 0) {
          int number = parts.size() + 1;
          Part p = part;
          String etag =
              caller
                  .call(
                      () ->
                          s3.uploadPart(
                              r ->
                                  r.bucket(bucket)
                                      .key(object)
                                      .uploadId(uploadId)
                                      .partNumber(number)
                                      .contentLength((long) p.length()),
                              p.body()),
                      key)
                  .eTag();
          parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        if (!part.full()) {
          break;
        }
        part = Part.read(in, sha, partSize);
      }
      caller.call(
          () ->
              s3.completeMultipartUpload(
                  r ->
                      r.bucket(bucket)
                          .key(object)
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts))),
          key);
      return size;
    } catch (IOException | RuntimeException | Error e) {
      abort(uploadId);
      throw e;
    }
  }

  private void abort(String uploadId) {
    try {
      caller.call(
          () -> s3.abortMultipartUpload(r -> r.bucket(bucket).key(object).uploadId(uploadId)), key);
    } catch (IOException | RuntimeException e) {
      log.warn("could not abort the multipart upload of {}: {}", key, e.getMessage());
    }
  }
}
