package dev.intake.cli.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A multipart/form-data body: text fields, then one file part streamed from disk. */
final class Multipart {
  private final String boundary = "----intake-cli-" + UUID.randomUUID();

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body; the file is read while sending, so large uploads never sit in memory. */
  BodyPublisher body(Map<String, String> fields, String fileField, Path file)
      throws FileNotFoundException {
    StringBuilder head = new StringBuilder();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      head.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"")
          .append(f.getKey())
          .append("\"\r\n\r\n")
          .append(f.getValue())
          .append("\r\n");
    }
    head.append("--")
        .append(boundary)
        .append("\r\n")
        .append("Content-Disposition: form-data; name=\"")
        .append(fileField)
        .append("\"; filename=\"")
        .append(quoted(file.getFileName().toString()))
        .append("\"\r\n")
        .append("Content-Type: application/octet-stream\r\n\r\n");
    List<BodyPublisher> parts = new ArrayList<>();
    parts.add(BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8));
    parts.add(BodyPublishers.ofFile(file));
    parts.add(BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
    return BodyPublishers.concat(parts.toArray(BodyPublisher[]::new));
  }

  /** A quote or line break in a file name would end the header early. */
  static String quoted(String name) {
    return name.replace("\"", "%22").replace("\r", "").replace("\n", "");
  }
}
