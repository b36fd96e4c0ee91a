package dev.intake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: a forged {@code Host} or
 * {@code Origin}, a malformed multipart body, a body that lies about its type. One request per
 * connection ({@code Connection: close}); the response is read to its end.
 */
public final class RawHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status, headers (lower-case names) and the body as text. */
  public record Response(int status, Map<String, String> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    /** The error code of an API error body ({@code {"error": {"code"}}}), or "". */
    public String errorCode() {
      return body.startsWith("{") ? json().path("error").path("code").asText() : "";
    }

    public String errorMessage() {
      return body.startsWith("{") ? json().path("error").path("message").asText() : "";
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /** The server's own Host value, as a browser on the loopback sends it. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /**
   * Sends a request with the given headers (each "Name: value"), adding Host (unless given),
   * Content-Length and Connection: close.
   */
  public Response send(String method, String path, List<String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    boolean hasHost = headers.stream().anyMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5));
    if (!hasHost) {
      head.append("Host: ").append(host()).append("\r\n");
    }
    headers.forEach(h -> head.append(h).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    request.writeBytes(body);
    return exchange(request.toByteArray());
  }

  public Response send(String method, String path, List<String> headers) {
    return send(method, path, headers, new byte[0]);
  }

  /** Writes the bytes as they are and reads the response. */
  public Response exchange(byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (SocketException e) {
        // the server may answer and close before reading everything (a refused upload)
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        bytes.write(buf, 0, n);
      }
    } catch (SocketException e) {
      // reset after the response was sent: keep what arrived
    }
    return bytes.toByteArray();
  }

  private static Response parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (end < 0) {
      throw new AssertionError(
          "no complete HTTP response: " + new String(raw, StandardCharsets.UTF_8));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.UTF_8).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
    int pos = 0;
    while (pos < body.length) {
      int lineEnd = indexOf(body, crlf, pos);
      String sizeLine = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, size);
      pos = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** One multipart part: {@code name}, optional {@code filename}, content. */
  public static byte[] part(String boundary, String name, String filename, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + name
                + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"")
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  public static byte[] closing(String boundary) {
    return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
  }
}
