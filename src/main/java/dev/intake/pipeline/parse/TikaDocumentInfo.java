package dev.intake.pipeline.parse;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;

/** Reads what a document says about itself from the metadata a Tika parser filled in. */
final class TikaDocumentInfo {

  private TikaDocumentInfo() {}

  /** Title, author, language and creation time, each null where the metadata lacks it. */
  static DocumentInfo from(Metadata metadata) {
    return new DocumentInfo(
        first(metadata, TikaCoreProperties.TITLE),
        authors(metadata),
        language(metadata),
        created(metadata));
  }

  /**
   * dc:language (office and OpenDocument properties, EPUB), else the Content-Language a web page
   * declares ({@code <html lang>} or its meta tag).
   */
  private static String language(Metadata metadata) {
    String declared = metadata.get(TikaCoreProperties.LANGUAGE);
    // A meta tag's http-equiv name arrives as the page spelt it ("content-language").
    for (String name : metadata.names()) {
      if (declared != null && !declared.isBlank()) {
        break;
      }
      if (name.equalsIgnoreCase(Metadata.CONTENT_LANGUAGE)) {
        declared = metadata.get(name);
      }
    }
    return declared == null || declared.isBlank() ? null : declared.strip();
  }

  private static String first(Metadata metadata, Property property) {
    return metadata.get(property);
  }

  /** Every author, as "Ada Lovelace, Charles Babbage": dc:creator, else meta:author. */
  private static String authors(Metadata metadata) {
    for (Property p : new Property[] {TikaCoreProperties.CREATOR, Office.AUTHOR}) {
      String[] values = metadata.getValues(p);
      String joined =
          Arrays.stream(values)
              .filter(Objects::nonNull)
              .map(String::strip)
              .filter(v -> !v.isEmpty())
              .distinct()
              .collect(Collectors.joining(", "));
      if (!joined.isEmpty()) {
        return joined;
      }
    }
    return null;
  }

  private static Instant created(Metadata metadata) {
    Date date = metadata.getDate(TikaCoreProperties.CREATED);
    return date == null ? null : date.toInstant();
  }
}
