package dev.intake.cli.client;

/** The exit codes of the client commands; scripts depend on them, so they never change. */
public final class ExitCodes {
  /** The command did what was asked (and every followed job completed). */
  public static final int OK = 0;

  /** The server refused the request, or a followed job failed or was cancelled. */
  public static final int FAILED = 1;

  /** Bad arguments (picocli's own code for usage errors). */
  public static final int USAGE = 2;

  /** No answer from the server: wrong URL, or it is not running. */
  public static final int UNREACHABLE = 3;

  /** The server wants an API key, or refused the one given. */
  public static final int UNAUTHORIZED = 4;

  private ExitCodes() {}
}
