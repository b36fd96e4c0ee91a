package dev.intake.sandbox;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path a parser child is started with: this process's own. Usually that is {@code
 * java.class.path} (the jar, or a test run's class path); when Intake's classes were loaded by a
 * class loader of their own (a tool that runs code inside its JVM, such as Maven's exec plugin), it
 * is that loader's class path.
 */
final class ChildClasspath {

  private ChildClasspath() {}

  static String current() {
    String cp = System.getProperty("java.class.path", "");
    Path ours = ownLocation();
    if (ours == null || onPath(cp, ours)) {
      return cp;
    }
    if (ChildClasspath.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          // not a file: a child cannot use it
        }
      }
      return String.join(File.pathSeparator, entries);
    }
    return cp;
  }

  private static Path ownLocation() {
    try {
      var source = ChildClasspath.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return null;
    }
  }

  private static boolean onPath(String cp, Path location) {
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isEmpty() && Path.of(entry).toAbsolutePath().equals(location)) {
        return true;
      }
    }
    return false;
  }
}
