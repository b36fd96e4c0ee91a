package dev.intake.pipeline.parse;

import dev.intake.pipeline.IngestException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.tika.detect.AutoDetectReader;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;

/**
 * Reads comma- or tab-separated values as one page of rows, each row written with its column names
 * (see {@link SheetTable}). The encoding is detected as for any text file; the separator is the one
 * of comma, semicolon, tab or bar found most often in the first line ({@code .tsv}: tab). A file
 * that is not well-formed CSV (a quote left open) is read as plain text instead.
 */
final class DelimitedTextExtractor {

  private static final char[] SEPARATORS = {',', ';', '\t', '|'};

  private final int maxCharacters;

  DelimitedTextExtractor(int maxCharacters) {
    this.maxCharacters = maxCharacters;
  }

  void extract(Path file, String filename, boolean tabSeparated, PageStream out) {
    Charset charset;
    String firstLine;
    try (InputStream in = Files.newInputStream(file);
        AutoDetectReader reader = new AutoDetectReader(in, new Metadata(), new TextEncoding())) {
      charset = reader.getCharset();
      firstLine = reader.readLine();
    } catch (IOException | TikaException e) {
      throw ParseFailures.unreadable(file, DocumentFormat.DELIMITED, e);
    }
    char separator = tabSeparated ? '\t' : separatorOf(firstLine == null ? "" : firstLine);
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(separator).get();
    SheetTable table = new SheetTable();
    TextLimit limit = new TextLimit(maxCharacters);
    try (Reader reader = reader(file, charset)) {
      for (CSVRecord record : format.parse(reader)) {
        List<String> cells = new ArrayList<>(record.size());
        for (String value : record) {
          limit.take(value.length() + 1L);
          cells.add(value);
        }
        table.addRow(cells);
      }
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    } catch (UncheckedIOException | IllegalStateException e) {
      // Not CSV after all (commons-csv reports a quote left open so): its text as it is.
      if (e.getCause() instanceof IngestException ingest) {
        throw ingest;
      }
      out.page(1, 1, plainText(file, charset), false);
      return;
    }
    out.page(1, 1, table.text(), false);
  }

  private String plainText(Path file, Charset charset) {
    try {
      String text = new String(Files.readAllBytes(file), charset);
      new TextLimit(maxCharacters).take(text.length());
      return text;
    } catch (IOException e) {
      throw ParseFailures.ioError(e);
    }
  }

  private static Reader reader(Path file, Charset charset) throws IOException {
    BufferedReader reader = Files.newBufferedReader(file, charset);
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
    return reader;
  }

  static char separatorOf(String line) {
    char best = ',';
    int most = 0;
    for (char c : SEPARATORS) {
      int n = 0;
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char x = line.charAt(i);
        if (x == '"') {
          quoted = !quoted;
        } else if (x == c && !quoted) {
          n++;
        }
      }
      if (n > most) {
        most = n;
        best = c;
      }
    }
    return best;
  }
}
