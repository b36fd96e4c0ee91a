package dev.intake.http;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The multipart form of an upload. The content type is checked before a byte of the body is read;
 * the body is then parsed by Jetty within the limits set in {@link ApiServer} (parts, form-field
 * bytes, file size), and every way a body can be malformed answers 400 with what is wrong, never
 * the parser's internals. Jetty deletes a parsed part's temporary file when the request ends.
 */
final class UploadForm {
  /** The most parts a form may have; an upload has at most six fields. */
  static final int MAX_PARTS = 64;

  /** The most bytes of the form's text fields together. */
  static final int MAX_FIELD_BYTES = 64 * 1024;

  private final Context ctx;
  private final UploadedFile file;

  private UploadForm(Context ctx, UploadedFile file) {
    this.ctx = ctx;
    this.file = file;
  }

  /** 415 unless the request is {@code multipart/form-data}; 400 without a usable boundary. */
  static void requireMultipart(Context ctx) {
    String type = ctx.header("Content-Type");
    String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!base.equals("multipart/form-data")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "An upload must be a multipart/form-data form with the file in field 'file'"
              + (type == null ? "" : " (the request was " + Inputs.shown(type) + ")"));
    }
    String boundary = boundary(type);
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw ApiException.badRequest(
          "The multipart Content-Type needs a boundary of 1 to 70 characters");
    }
  }

  private static String boundary(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
        String b = p.substring(9);
        return b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")
            ? b.substring(1, b.length() - 1)
            : b;
      }
    }
    return null;
  }

  /**
   * Parses the body.
   *
   * @param maxFileMb the upload limit, for the 413 message
   */
  static UploadForm read(Context ctx, long maxFileMb) {
    List<UploadedFile> files;
    try {
      files = ctx.uploadedFiles("file");
      ctx.formParamMap(); // the text fields: parsed now, so their errors are this method's
    } catch (Exception e) { // Javalin rethrows Jetty's IOException unchecked
      throw malformed(e, maxFileMb);
    }
    if (files.isEmpty()) {
      throw ApiException.badRequest("multipart field 'file' is required (a part with a filename)");
    }
    if (files.size() > 1) {
      throw ApiException.badRequest("Send one file per upload; the form has " + files.size());
    }
    return new UploadForm(ctx, files.getFirst());
  }

  UploadedFile file() {
    return file;
  }

  /** A text field of the form, or null. */
  String field(String name) {
    return ctx.formParam(name);
  }

  /**
   * What went wrong with the body, in words: Jetty reports a bad form as an IOException or an
   * IllegalStateException (wrapped by Javalin), whose messages are not for clients.
   */
  private static RuntimeException malformed(Exception e, long maxFileMb) {
    if (ApiServer.isTooLarge(e)) {
      return new ApiException(
          413, "file_too_large", "The file is larger than the limit of " + maxFileMb + " MB");
    }
    String detail = null;
    for (Throwable t = e; t != null && detail == null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (m.contains("too many parts")) {
        detail = "it has more than " + MAX_PARTS + " parts";
      } else if (m.contains("Form is larger than max length")) {
        detail = "its text fields hold more than " + MAX_FIELD_BYTES / 1024 + " KB";
      } else if (m.contains("Illegal character")) {
        detail = "a part's headers hold an illegal character (such as a NUL byte in a file name)";
      } else if (m.contains("Incomplete") || m.contains("Missing initial")) {
        detail = "it ends before its closing boundary, or has none";
      }
    }
    if (detail == null && !isParseFailure(e)) {
      // not the body's fault: a 500 with the cause logged
      return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
    return ApiException.badRequest(
        "The multipart body is malformed: " + (detail == null ? "it cannot be parsed" : detail));
  }

  private static boolean isParseFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof ServletException
          || t instanceof IllegalStateException
          || t instanceof IllegalArgumentException
          || t.getClass().getName().startsWith("org.eclipse.jetty")) {
        return true;
      }
    }
    return false;
  }
}
