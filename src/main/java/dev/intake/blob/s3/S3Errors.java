package dev.intake.blob.s3;

import dev.intake.blob.BlobAccessException;
import dev.intake.blob.BlobMissingException;
import dev.intake.blob.BlobUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's exceptions into the blob store's typed failures: unreachable, throttled or
 * failing servers are {@link BlobUnavailableException} (try again later); a missing bucket, denied
 * access or missing credentials are {@link BlobAccessException} (fix the setup); a missing object
 * is {@link BlobMissingException}. Messages name the bucket, never a credential.
 */
final class S3Errors {
  private static final Set<String> DENIED =
      Set.of(
          "AccessDenied",
          "AllAccessDisabled",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "AccountProblem");
  private static final Set<String> THROTTLED =
      Set.of(
          "SlowDown",
          "Throttling",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequests");

  private final String location;

  S3Errors(String location) {
    this.location = location;
  }

  /** The typed failure for {@code e}, met while doing {@code what} with {@code key} (or null). */
  IOException translate(SdkException e, String key) {
    if (e instanceof NoSuchBucketException) {
      return noBucket(e);
    }
    if (e instanceof NoSuchKeyException && key != null) {
      return new BlobMissingException(key);
    }
    if (e instanceof SdkServiceException service) {
      return fromService(service, key);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new BlobUnavailableException("timed out", e);
    }
    if (e instanceof SdkClientException && mentions(e, "credentials")) {
      return new BlobAccessException(
          "No credentials for the blob store "
              + location
              + " were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE,"
              + " or run with an instance or pod role",
          e);
    }
    if (e instanceof SdkClientException && mentions(e, "region")) {
      return new BlobAccessException(
          "No region for the blob store " + location + " is set: set AWS_REGION", e);
    }
    String network = networkCause(e);
    if (network != null) {
      return new BlobUnavailableException(network, e);
    }
    return new IOException("The blob store " + location + " failed: " + firstLine(e), e);
  }

  /** A failure of reading a response body that the SDK had already handed over. */
  BlobUnavailableException broken(IOException e) {
    String network = networkCause(e);
    return new BlobUnavailableException(
        network != null ? network : "the transfer broke off (" + firstLine(e) + ")", e);
  }

  private IOException fromService(SdkServiceException e, String key) {
    String code =
        e instanceof S3Exception s3 && s3.awsErrorDetails() != null
            ? s3.awsErrorDetails().errorCode()
            : null;
    int status = e.statusCode();
    if ("NoSuchBucket".equals(code)) {
      return noBucket(e);
    }
    if ("NoSuchKey".equals(code) && key != null) {
      return new BlobMissingException(key);
    }
    if (status == 403 || DENIED.contains(code)) {
      return new BlobAccessException(
          "The blob store denied access to "
              + location
              + " ("
              + (code != null ? code : "HTTP 403")
              + "): check the credentials and the bucket's policy",
          e);
    }
    if (e.isThrottlingException() || status == 429 || status == 503 || THROTTLED.contains(code)) {
      return new BlobUnavailableException(
          "it is throttling requests (" + (code != null ? code : "HTTP " + status) + ")", e);
    }
    if (status >= 500) {
      return new BlobUnavailableException(
          "the server failed (" + (code != null ? code : "HTTP " + status) + ")", e);
    }
    return new IOException(
        "The blob store "
            + location
            + " refused the request ("
            + (code != null ? code : "HTTP " + status)
            + ")",
        e);
  }

  private BlobAccessException noBucket(Throwable e) {
    return new BlobAccessException(
        "The bucket of the blob store " + location + " does not exist (INTAKE_BLOB_URL)", e);
  }

  /** Why the network failed, for people, if a network failure is behind {@code e}. */
  private static String networkCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      switch (t) {
        case SocketTimeoutException s -> {
          return "timed out";
        }
        case ConnectException c -> {
          return "connection refused";
        }
        case NoRouteToHostException n -> {
          return "no route to the server";
        }
        case UnknownHostException u -> {
          return "unknown host";
        }
        case InterruptedIOException i -> {
          return "timed out";
        }
        case IOException io
            when io.getClass().getName().startsWith("org.apache.hc")
                || io.getClass().getName().startsWith("java.net")
                || io.getClass().getName().startsWith("javax.net") -> {
          return "connection failed (" + io.getClass().getSimpleName() + ")";
        }
        default -> {}
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static boolean mentions(Throwable e, String word) {
    String m = e.getMessage();
    return m != null && m.toLowerCase(java.util.Locale.ROOT).contains(word);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("").strip();
  }
}
