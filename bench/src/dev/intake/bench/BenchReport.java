package dev.intake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Statistics over samples, and the section of docs/BENCHMARKS.md that a benchmark owns. */
public final class BenchReport {
  private BenchReport() {}

  public static double percentile(List<Double> samples, double p) {
    double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  public static double median(List<Double> samples) {
    return percentile(samples, 50);
  }

  static double median(double... values) {
    return median(Arrays.stream(values).boxed().toList());
  }

  public static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }

  /**
   * Replaces the text between {@code <!-- name:start -->} and {@code <!-- name:end -->} in
   * docs/BENCHMARKS.md (appending the section if it is new).
   */
  static void writeSection(String name, String markdown) throws IOException {
    writeSection(Path.of("docs/BENCHMARKS.md"), "# Benchmarks\n", name, markdown);
  }

  /**
   * Replaces the section {@code name} of {@code file} (created with {@code heading} if it is new),
   * as above.
   */
  public static void writeSection(Path file, String heading, String name, String markdown)
      throws IOException {
    String start = "<!-- " + name + ":start -->";
    String end = "<!-- " + name + ":end -->";
    String text = Files.exists(file) ? Files.readString(file) : heading;
    String block = start + "\n" + markdown.strip() + "\n" + end;
    int a = text.indexOf(start);
    int b = text.indexOf(end);
    if (a >= 0 && b > a) {
      text = text.substring(0, a) + block + text.substring(b + end.length());
    } else {
      text = text.stripTrailing() + "\n\n" + block + "\n";
    }
    Files.writeString(file, text);
    System.out.println(markdown);
  }

  public static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, Java "
        + System.getProperty("java.version")
        + ", "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch");
  }
}
