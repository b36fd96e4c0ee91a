package dev.intake.pipeline.parse;

import java.util.List;
import org.apache.tika.metadata.Message;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * The headers a mail message's text starts with: From, To, Cc, Date and Subject, one a line, as
 * Tika's mail parsers (EML, MSG, MBOX) report them in the message's metadata.
 */
final class MailHeaders {

  private MailHeaders() {}

  /** Whether {@code type} is one mail message or a mailbox of them. */
  static boolean isMail(String type) {
    if (type == null) {
      return false;
    }
    MediaType media = MediaType.parse(type);
    return media != null && DocumentFormat.named(media) == DocumentFormat.MAIL;
  }

  /** The header lines, or "" if the metadata names none of them. */
  static String text(Metadata metadata) {
    StringBuilder out = new StringBuilder();
    line(out, "From", metadata.getValues(Message.MESSAGE_FROM));
    line(out, "To", metadata.getValues(Message.MESSAGE_TO));
    line(out, "Cc", metadata.getValues(Message.MESSAGE_CC));
    line(out, "Date", metadata.getValues(TikaCoreProperties.CREATED));
    String[] subject = metadata.getValues(TikaCoreProperties.SUBJECT);
    line(
        out,
        "Subject",
        subject.length > 0 ? subject : metadata.getValues(TikaCoreProperties.TITLE));
    return out.toString();
  }

  private static void line(StringBuilder out, String name, String[] values) {
    List<String> present = java.util.Arrays.stream(values).filter(v -> !v.isBlank()).toList();
    if (present.isEmpty()) {
      return;
    }
    if (!out.isEmpty()) {
      out.append('\n');
    }
    out.append(name).append(": ").append(String.join(", ", present));
  }
}
