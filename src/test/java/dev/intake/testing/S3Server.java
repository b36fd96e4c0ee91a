package dev.intake.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3-protocol server for tests: S3Proxy over a directory, with signature checks (v2 or v4)
 * for one key pair, on an ephemeral port. In-process ({@link #start}) or as a process of its own
 * ({@link #main}, for tests whose hosts are network namespaces).
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "intake-test-access";
  public static final String SECRET_KEY = "intake-test-secret-key";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final String host;

  private S3Server(S3Proxy proxy, BlobStoreContext context, String host) {
    this.proxy = proxy;
    this.context = context;
    this.host = host;
  }

  /** Starts a server on 127.0.0.1 that keeps objects below {@code dir}. */
  public static S3Server start(Path dir) {
    return start(dir, "127.0.0.1", 0);
  }

  public static S3Server start(Path dir, String host, int port) {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .credentials("identity", "credential")
            .overrides(props)
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://" + host + ":" + port))
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(10); // S3Proxy offers no start signal but its state
      }
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("S3Proxy did not start", e);
    }
    return new S3Server(proxy, context, host);
  }

  /** Creates a bucket (Intake itself never does). */
  public S3Server bucket(String name) {
    context.getBlobStore().createContainerInLocation(null, name);
    return this;
  }

  public int port() {
    return proxy.getPort();
  }

  public URI endpoint() {
    return URI.create("http://" + host + ":" + port());
  }

  /** The key pair the server accepts, for clients in this JVM. */
  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  /** The environment that gives an Intake process this server's key pair. */
  public static java.util.Map<String, String> credentialsEnv() {
    return java.util.Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // stopping a test server: nothing to do about it
    } finally {
      context.close();
    }
  }

  /** {@code S3Server DIR HOST PORT BUCKET…}: runs a server until killed, for other hosts. */
  public static void main(String[] args) throws Exception {
    S3Server s = start(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
    for (int i = 3; i < args.length; i++) {
      s.bucket(args[i]);
    }
    System.out.println("S3 server listening on " + s.endpoint());
    System.out.flush();
    Thread.currentThread().join();
  }
}
