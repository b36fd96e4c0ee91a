package dev.intake.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean upload client for load: one HTTP/1.1 keep-alive connection, each multipart request written
 * in one go and its response read to the end of its body. It spends far less CPU per request than
 * {@code java.net.http.HttpClient}, which matters when the clients share the server's two cores:
 * with 32 {@code HttpClient}s in the benchmark's JVM the clients themselves took about a quarter of
 * the CPU the server got. Load tools such as wrk are as lean.
 */
final class KeepAliveUploader implements AutoCloseable {
  private static final String BOUNDARY = "intake-bench-boundary";

  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  KeepAliveUploader(int port) {
    this.port = port;
  }

  /** Uploads {@code content} as {@code filename} with priority low; the response's status. */
  int upload(String filename, byte[] content) throws IOException {
    byte[] body = body(filename, content);
    String head =
        "POST /api/v1/documents/upload HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\nContent-Type: multipart/form-data; boundary="
            + BOUNDARY
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    for (int attempt = 0; ; attempt++) {
      try {
        connect();
        ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + body.length);
        request.write(head.getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        request.writeTo(out);
        out.flush();
        return readResponse();
      } catch (IOException e) {
        close(); // the server closed an idle connection: open a new one, once
        if (attempt > 0) {
          throw e;
        }
      }
    }
  }

  private void connect() throws IOException {
    if (socket == null) {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }
  }

  private int readResponse() throws IOException {
    String status = line();
    if (status.isEmpty()) {
      throw new IOException("connection closed");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    long length = 0;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).strip());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    in.skipNBytes(length); // throws at the end of the stream
    if (close) {
      close();
    }
    return code;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private static byte[] body(String filename, byte[] content) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(content.length + 400);
    b.write(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"priority\"\r\n\r\nlow\r\n--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    b.write(content);
    b.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
