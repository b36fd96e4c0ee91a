package dev.intake.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL statement with {@code :name} parameters, parsed once into JDBC's positional form. Values
 * are always bound, never spliced into the text. {@code ::} (a PostgreSQL cast), text inside quotes
 * and {@code --} comments are left alone.
 */
public record NamedQuery(String name, String sql, List<String> parameterNames) {

  public static NamedQuery parse(String name, String text) {
    StringBuilder sql = new StringBuilder(text.length());
    List<String> names = new ArrayList<>();
    int i = 0;
    boolean inQuote = false;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'') {
        inQuote = !inQuote;
        sql.append(c);
        i++;
      } else if (!inQuote && text.startsWith("--", i)) {
        // A comment is copied as it is: an apostrophe in it must not open a quote that would hide
        // the parameters after it.
        int end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end;
        sql.append(text, i, end);
        i = end;
      } else if (!inQuote && c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
        sql.append("::");
        i += 2;
      } else if (!inQuote
          && c == ':'
          && i + 1 < text.length()
          && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
        int end = i + 1;
        while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
          end++;
        }
        names.add(text.substring(i + 1, end));
        sql.append('?');
        i = end;
      } else {
        sql.append(c);
        i++;
      }
    }
    return new NamedQuery(name, sql.toString().strip(), List.copyOf(names));
  }
}
