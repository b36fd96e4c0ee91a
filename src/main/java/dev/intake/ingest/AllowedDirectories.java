package dev.intake.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories a client may ask Intake to ingest from. A path is allowed only if it contains no
 * {@code ..} and its real path (symbolic links resolved) lies below the real path of a root, so
 * neither a relative trick nor a link can reach outside. No roots: nothing is allowed.
 */
public final class AllowedDirectories {

  /** The path is outside every root (or directory ingestion is disabled). */
  public static final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
      super(message);
    }
  }

  private final List<Path> roots;

  public AllowedDirectories(List<Path> configured) {
    List<Path> real = new ArrayList<>();
    for (Path p : configured) {
      try {
        real.add(p.toRealPath());
      } catch (IOException e) {
        // A root that does not exist allows nothing; it is not an error at start-up.
      }
    }
    this.roots = List.copyOf(real);
  }

  /** Resolves a client's directory path; throws ForbiddenException or IllegalArgumentException. */
  public Path directory(String requested) {
    if (roots.isEmpty()) {
      throw new ForbiddenException(
          "Directory ingestion is disabled: the server has no INTAKE_ALLOWED_DIRS configured");
    }
    if (requested == null || requested.isBlank()) {
      throw new IllegalArgumentException("directory_path is required");
    }
    Path path;
    try {
      path = Path.of(requested);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("directory_path is not a valid path");
    }
    for (Path part : path) {
      if (part.toString().equals("..")) {
        throw new ForbiddenException("directory_path may not contain '..'");
      }
    }
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("directory_path must be an absolute path");
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ForbiddenException(
          "directory_path does not exist or is not below an allowed directory");
    } catch (IOException e) {
      throw new ForbiddenException("directory_path cannot be read");
    }
    if (!isBelowRoot(real)) {
      throw new ForbiddenException("directory_path is not below an allowed directory");
    }
    if (!Files.isDirectory(real)) {
      throw new IllegalArgumentException("directory_path is not a directory");
    }
    return real;
  }

  /** Whether a file's real path is below a root (checked again when the file is imported). */
  public boolean allowsFile(Path file) {
    try {
      return isBelowRoot(file.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private boolean isBelowRoot(Path real) {
    return roots.stream().anyMatch(real::startsWith);
  }
}
