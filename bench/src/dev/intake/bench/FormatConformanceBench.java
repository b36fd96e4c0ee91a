package dev.intake.bench;

import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.parse.DocumentParser;
import dev.intake.pipeline.parse.ParseSummary;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Intake's parser against Tika's own, on every test document Apache Tika ships in its modules' test
 * jars (about 780 files in some 150 formats, none of them written for Intake). The rule checked:
 * every document from which Tika's auto-detecting parser, with its default configuration and
 * embedded documents parsed, extracts text is ingested (parsed with text, or OCR'd without words),
 * and every one Tika finds encrypted is refused as encrypted.
 *
 * <p>Run: {@code ./intake bench formats}, which fetches the test jars from Maven Central and writes
 * the result into docs/formats.md. Both parsers run in this JVM, each document under a two-minute
 * limit; Intake's parser is the one its sandbox child runs, with OCR on {@code auto}.
 */
public final class FormatConformanceBench {

  private static final long LIMIT_SECONDS = 120;

  private record Verdict(String document, String type, String tika, String intake, boolean met) {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("intake-formats-bench");
    DocumentParser intake = new DocumentParser();
    AutoDetectParser tika = new AutoDetectParser();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r);
              t.setDaemon(true);
              return t;
            });
    List<Verdict> verdicts = new ArrayList<>();
    for (String jar : args) {
      try (ZipFile zip = new ZipFile(jar)) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          if (entry.isDirectory() || !entry.getName().startsWith("test-documents/")) {
            continue;
          }
          String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
          Path file = work.resolve(verdicts.size() + "-" + name);
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, file);
          }
          String[] reference = within(pool, () -> tikaReads(tika, file, name), "timeout", "?");
          String[] ours = within(pool, () -> intakeReads(intake, file, name), "timed out", "");
          boolean met =
              reference[0].startsWith("text")
                  ? ours[0].startsWith("ingested")
                  : !reference[0].equals("encrypted") || ours[0].startsWith("encrypted");
          verdicts.add(new Verdict(name, reference[1], reference[0], ours[0], met));
          System.out.printf(
              "%s\t%s\t%s\t%s\t%s%n",
              met ? "met" : "GAP", name, reference[1], reference[0], ours[0]);
          Files.deleteIfExists(file);
        }
      }
    }
    report(verdicts);
    System.exit(0);
  }

  /** "text: N chars", "no text", "encrypted" or "failed: Exception", and the detected type. */
  private static String[] tikaReads(AutoDetectParser tika, Path file, String name) {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    ParseContext context = new ParseContext();
    context.set(Parser.class, tika);
    BodyContentHandler text = new BodyContentHandler(-1);
    String verdict;
    try (TikaInputStream in = TikaInputStream.get(file)) {
      tika.parse(in, text, metadata, context);
      verdict = text.toString().isBlank() ? "no text" : "text";
    } catch (EncryptedDocumentException e) {
      verdict = "encrypted";
    } catch (Exception | StackOverflowError e) {
      verdict =
          (text.toString().isBlank() ? "failed: " : "text, then failed: ")
              + e.getClass().getSimpleName();
    }
    String type = metadata.get(Metadata.CONTENT_TYPE);
    return new String[] {verdict, type == null ? "?" : type.replaceAll(";.*", "")};
  }

  private static String[] intakeReads(DocumentParser intake, Path file, String name) {
    try {
      ParseSummary summary = intake.parse(file, name, (page, total, text) -> {});
      return new String[] {"ingested (" + summary.pages() + " pages)", ""};
    } catch (IngestException e) {
      return new String[] {e.code() + ": " + e.getMessage(), ""};
    } catch (RuntimeException | StackOverflowError e) {
      return new String[] {"crashed: " + e, ""};
    }
  }

  private static String[] within(
      ExecutorService pool, Callable<String[]> task, String timedOut, String type) {
    Future<String[]> future = pool.submit(task);
    try {
      return future.get(LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new String[] {timedOut, type};
    } catch (Exception e) {
      return new String[] {"failed: " + e, type};
    }
  }

  private static void report(List<Verdict> verdicts) throws Exception {
    long withText = verdicts.stream().filter(v -> v.tika().startsWith("text")).count();
    long ingested =
        verdicts.stream()
            .filter(v -> v.tika().startsWith("text") && v.intake().startsWith("ingested"))
            .count();
    long encrypted = verdicts.stream().filter(v -> v.tika().equals("encrypted")).count();
    long refused =
        verdicts.stream()
            .filter(v -> v.tika().equals("encrypted") && v.intake().startsWith("encrypted"))
            .count();
    long types = verdicts.stream().map(Verdict::type).distinct().count();
    StringBuilder md = new StringBuilder();
    md.append("## Measured against Tika's own test documents\n\n")
        .append(
            "`./intake bench formats` parses every test document of Apache Tika's module test jars"
                + " (version of the build) with Tika's auto-detecting parser, default configuration"
                + " and embedded documents included, and with Intake's parser (OCR `auto`). On ")
        .append(BenchReport.machine())
        .append(
            ":\n\n| documents | detected types | Tika extracts text | of those, Intake ingests |")
        .append(" Tika finds encrypted | of those, Intake refuses as encrypted |\n")
        .append("|---|---|---|---|---|---|\n")
        .append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %d | %d | %d | %d |%n%n",
                verdicts.size(),
                types,
                withText,
                ingested,
                encrypted,
                refused))
        .append("Where the rule is not met (Tika's verdict, then Intake's):\n\n")
        .append("| document | type | Tika | Intake |\n|---|---|---|---|\n");
    verdicts.stream()
        .filter(v -> !v.met())
        .sorted(Comparator.comparing(Verdict::type).thenComparing(Verdict::document))
        .forEach(
            v ->
                md.append("| ")
                    .append(v.document())
                    .append(" | ")
                    .append(v.type())
                    .append(" | ")
                    .append(v.tika())
                    .append(" | ")
                    .append(v.intake().replace("|", "/"))
                    .append(" |\n"));
    BenchReport.writeSection(
        Path.of("docs/formats.md"), "# Formats\n", "conformance", md.toString());
  }
}
