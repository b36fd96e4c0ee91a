package dev.intake.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * Lists the files of a directory tree whose names match, streaming: the tree is read one directory
 * entry at a time and never held whole, and the walk stops at the first match past the limit. So a
 * request over a huge tree costs memory in proportion to the limit, and time only until the limit
 * is passed. Unreadable subdirectories are left out, not fatal.
 */
final class DirectoryScan {

  /** The tree has more matching files than the limit; {@code limit} says how many are allowed. */
  static final class TooManyFilesException extends IllegalArgumentException {
    TooManyFilesException(int limit, String setting) {
      super(
          "The directory has more than "
              + limit
              + " matching files ("
              + setting
              + "); ingest it in parts or narrow file_patterns");
    }
  }

  /**
   * The matching files, sorted, and how many directory entries were read to find them.
   *
   * @param visited entries read (files and directories), for tests of the early stop
   */
  record Result(List<Path> files, long visited) {}

  private DirectoryScan() {}

  /**
   * Finds the regular files below {@code dir} (only in it when not {@code recursive}) whose name
   * matches and that {@code allowed} accepts (a link leading out of the roots is left out).
   *
   * @throws TooManyFilesException as soon as more than {@code limit} files match
   */
  static Result scan(
      Path dir,
      boolean recursive,
      Predicate<String> nameMatches,
      Predicate<Path> allowed,
      int limit,
      String limitSetting) {
    List<Path> found = new ArrayList<>();
    long[] visited = new long[1];
    SimpleFileVisitor<Path> visitor =
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            visited[0]++;
            if (!nameMatches.test(file.getFileName().toString())) {
              return FileVisitResult.CONTINUE; // the name is the cheap test: first
            }
            boolean regular =
                attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file));
            if (regular && allowed.test(file)) {
              found.add(file);
              if (found.size() > limit) {
                throw new TooManyFilesException(limit, limitSetting);
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            visited[0]++;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // unreadable: not ours to ingest
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) {
            return FileVisitResult.CONTINUE; // a directory that failed part-way: keep what was read
          }
        };
    try {
      // Links are not followed into directories (a symlink to a file is checked as a file).
      Files.walkFileTree(
          dir, EnumSet.noneOf(FileVisitOption.class), recursive ? Integer.MAX_VALUE : 1, visitor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    found.sort(null); // a stable order of child jobs; bounded by the limit
    return new Result(List.copyOf(found), visited[0]);
  }
}
