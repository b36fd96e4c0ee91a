package dev.intake.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files of the repository, read as their tools read them: the Kubernetes manifests
 * under {@code deploy/kubernetes/} (every document of every file), {@code deploy/compose.yaml}
 * (merge keys and aliases resolved, {@code ${VAR…}} interpolated with sample values) and the {@code
 * Dockerfile}, split into stages and instructions.
 */
final class DeploymentFiles {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
  static final Path COMPOSE = ROOT.resolve("deploy/compose.yaml");
  static final Path DOCKERFILE = ROOT.resolve("Dockerfile");

  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

  private DeploymentFiles() {}

  /** A Kubernetes object and the file it is in. */
  record KubeObject(Path file, Map<String, Object> body) {
    String kind() {
      return (String) body.get("kind");
    }

    String name() {
      return Yamls.string(body, "metadata", "name");
    }
  }

  /** One instruction of a Dockerfile, continuation lines joined. */
  record Instruction(String keyword, String args) {}

  /** One stage: its base image, its name ({@code AS …}, or null) and its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
  }

  static List<KubeObject> kubernetes() {
    List<KubeObject> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : yaml().loadAll(read(file))) {
          if (doc != null) {
            objects.add(new KubeObject(file, Yamls.map(doc)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  /** The objects of one kind; fails unless there is at least one. */
  static List<KubeObject> kubernetes(String kind) {
    List<KubeObject> found = kubernetes().stream().filter(o -> kind.equals(o.kind())).toList();
    if (found.isEmpty()) {
      throw new AssertionError("no " + kind + " in " + ROOT.relativize(KUBERNETES));
    }
    return found;
  }

  static KubeObject kubernetes(String kind, String name) {
    return kubernetes(kind).stream()
        .filter(o -> name.equals(o.name()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + kind + " named " + name + " in deploy/kubernetes"));
  }

  /** The Compose file with {@code ${…}} replaced as Compose would, given sample values. */
  static Map<String, Object> compose() {
    String text = read(COMPOSE);
    Matcher m = INTERPOLATION.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String replacement =
          m.group(2) != null && m.group(2).endsWith("-")
              ? m.group(3)
              : "sample-" + m.group(1).toLowerCase().replace('_', '-');
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    // "$$" is a literal "$" for the container's shell.
    return Yamls.map(yaml().load(b.toString().replace("$$", "$")));
  }

  /** The Compose services that run the Intake image (built from the Dockerfile). */
  static Map<String, Map<String, Object>> composeIntakeServices() {
    Map<String, Map<String, Object>> intake = new LinkedHashMap<>();
    Yamls.map(compose().get("services"))
        .forEach(
            (name, service) -> {
              Map<String, Object> s = Yamls.map(service);
              if (s.containsKey("build")) {
                intake.put(name, s);
              }
            });
    return intake;
  }

  static List<Stage> dockerfile() {
    List<Stage> stages = new ArrayList<>();
    List<String> lines = List.of(read(DOCKERFILE).split("\n"));
    StringBuilder current = new StringBuilder();
    List<String> instructions = new ArrayList<>();
    for (String line : lines) {
      String t = line.strip();
      if (current.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (!current.isEmpty() && t.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (t.endsWith("\\")) {
        current.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      current.append(t);
      instructions.add(current.toString());
      current.setLength(0);
    }
    for (String instruction : instructions) {
      String[] parts = instruction.split("\\s+", 2);
      String keyword = parts[0].toUpperCase();
      String args = parts.length > 1 ? parts[1].strip() : "";
      if (keyword.equals("FROM")) {
        String[] from = args.split("\\s+");
        String name = from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
        stages.add(new Stage(from[0], name, new ArrayList<>()));
      } else if (stages.isEmpty()) {
        throw new AssertionError("Dockerfile: " + keyword + " before the first FROM");
      } else {
        stages.getLast().instructions().add(new Instruction(keyword, args));
      }
    }
    return stages;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false); // a key set twice is a mistake in a deployment file
    return new Yaml(new SafeConstructor(options));
  }
}
