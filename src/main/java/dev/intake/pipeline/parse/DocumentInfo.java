package dev.intake.pipeline.parse;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What a document says about itself, each field null when the file does not say it.
 *
 * @param title the document's title (dc:title, a PDF's /Title, an HTML page's title element)
 * @param author its author (dc:creator, a PDF's /Author)
 * @param language its language as a BCP 47 tag such as {@code en} or {@code de-CH}: the file's own
 *     (dc:language, a PDF's /Lang), else the one detected from its text
 * @param created when it was created (dcterms:created, a PDF's /CreationDate)
 */
public record DocumentInfo(String title, String author, String language, Instant created) {

  /** The most characters kept of a title or an author; a hostile file may say megabytes. */
  public static final int MAX_CHARS = 1_000;

  private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

  /** A document that says nothing about itself. */
  public static final DocumentInfo NONE = new DocumentInfo(null, null, null, null);

  /**
   * Blank values become null, white space is collapsed, and a language that is no tag is dropped.
   */
  public DocumentInfo {
    title = clean(title);
    author = clean(author);
    language = clean(language);
    if (language != null) {
      language = language.replace('_', '-');
      language =
          language.length() <= 35 && LANGUAGE_TAG.matcher(language).matches() ? language : null;
    }
  }

  /** The same, with {@code language} if this one has none. */
  public DocumentInfo withLanguageIfAbsent(String detected) {
    return language != null ? this : new DocumentInfo(title, author, detected, created);
  }

  private static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = Heading.normalize(s, MAX_CHARS);
    return t.isEmpty() ? null : t;
  }
}
