package dev.intake.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation cites only what a clone of the repository holds: a reader (or a new engineer)
 * must be able to open every file it names.
 */
class DocumentationReferencesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  /** A markdown link's target, up to an anchor. */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)[^)]*\\)");

  /** A file name or path of the kinds the repository holds (Java, SQL, docs, scripts, data). */
  private static final Pattern FILE =
      Pattern.compile(
          "(?<![\\w/.-])([\\w./-]*[\\w-]\\.(?:md|java|sql|json|sh|xml|properties))(?!\\w)");

  @Test
  void theDesignNotesCiteOnlyFilesOfTheRepository() throws IOException {
    Path design = ROOT.resolve("docs/DESIGN.md");
    List<String> missing = new ArrayList<>();
    for (String cited : cited(design, FILE)) {
      if (!cited.startsWith("/") && !exists(design, cited)) {
        missing.add(cited);
      }
    }
    for (String linked : cited(design, LINK)) {
      if (!linked.contains("://") && !exists(design, linked)) {
        missing.add(linked);
      }
    }
    assertThat(missing).as("files docs/DESIGN.md cites that the repository lacks").isEmpty();
  }

  @Test
  void everyRelativeLinkOfTheDocumentationResolves() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path doc : docs) {
      for (String target : cited(doc, LINK)) {
        if (!target.contains("://") && !target.startsWith("mailto:") && !exists(doc, target)) {
          broken.add(ROOT.relativize(doc) + " -> " + target);
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  private static Set<String> cited(Path doc, Pattern pattern) throws IOException {
    Set<String> out = new TreeSet<>();
    Matcher m = pattern.matcher(Files.readString(doc));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Relative to the citing file, to the repository root, or (a bare name) anywhere in it. */
  private static boolean exists(Path doc, String cited) throws IOException {
    if (Files.exists(doc.getParent().resolve(cited)) || Files.exists(ROOT.resolve(cited))) {
      return true;
    }
    if (cited.contains("/")) {
      return false;
    }
    try (Stream<Path> all = Files.walk(ROOT)) {
      return all.filter(p -> !p.startsWith(ROOT.resolve(".git")))
          .filter(p -> !p.startsWith(ROOT.resolve("target")))
          .anyMatch(p -> p.getFileName().toString().equals(cited));
    }
  }
}
