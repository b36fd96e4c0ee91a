package dev.intake.pipeline.ocr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A stand-in for the {@code tesseract} program that misbehaves on purpose, for the faults a real
 * Tesseract shows only now and then: it hangs on a page, or crashes. It answers {@code
 * --list-langs} as an installed Tesseract with the English model does, records its process id
 * before it reads a page, and then does what it was made to do. A shell script, written into a
 * test's directory; the pages it would read are discarded.
 */
public final class FakeTesseract {

  /** What it does with a page. */
  public enum Behaviour {
    /** Never answers: a page that sends Tesseract into a loop. */
    HANG("exec sleep 3600"),
    /** Dies of a segmentation fault, as a native program with a bug does. */
    CRASH("kill -SEGV $$"),
    /** Ends with an error and no text. */
    FAIL("echo 'Error in pixReadMem: Unknown format: no pix returned' >&2; exit 1");

    final String script;

    Behaviour(String script) {
      this.script = script;
    }
  }

  private final Path program;
  private final Path pidFile;
  private final Path modeFile;

  private FakeTesseract(Path program, Path pidFile, Path modeFile) {
    this.program = program;
    this.pidFile = pidFile;
    this.modeFile = modeFile;
  }

  /**
   * Writes a program named {@code tesseract} into {@code dir} (put the directory first on a PATH);
   * it behaves as {@code behaviour} says until {@link #behave} says otherwise.
   */
  public static FakeTesseract write(Path dir, Behaviour behaviour) throws IOException {
    Path program = dir.resolve("tesseract");
    Path pidFile = dir.resolve("tesseract.pid");
    Path modeFile = dir.resolve("tesseract.mode");
    StringBuilder script =
        new StringBuilder(
            "#!/bin/sh\n"
                + "PATH=/usr/bin:/bin\n"
                + "if [ \"$1\" = \"--list-langs\" ] || [ \"$1\" = \"--version\" ]; then\n"
                + "  echo 'List of available languages in \"/fake/tessdata/\" (2):'\n"
                + "  echo eng\n"
                + "  echo osd\n"
                + "  exit 0\n"
                + "fi\n"
                + "echo $$ > '"
                + pidFile
                + "'\n"
                + "case \"$(cat '"
                + modeFile
                + "')\" in\n");
    for (Behaviour b : Behaviour.values()) {
      script.append("  ").append(b.name()).append(") ").append(b.script).append(" ;;\n");
    }
    script.append("esac\n");
    Files.writeString(program, script);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    FakeTesseract fake = new FakeTesseract(program, pidFile, modeFile);
    fake.behave(behaviour);
    return fake;
  }

  /** What the next page's process does. */
  public void behave(Behaviour behaviour) throws IOException {
    Files.writeString(modeFile, behaviour.name());
  }

  public Path program() {
    return program;
  }

  /** The last page's process, once it started one; it may have ended since. */
  public Optional<Long> lastPid() throws IOException {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    String pid = Files.readString(pidFile).strip();
    return pid.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(pid));
  }

  /** Whether the last page's process is still running. */
  public boolean lastIsAlive() throws IOException {
    return lastPid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
  }
}
