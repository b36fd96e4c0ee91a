package dev.intake.cli.client;

/**
 * Something the user has to read: the message is complete and meant for the terminal, and the exit
 * code tells scripts what kind of trouble it was. Never printed with a stack trace.
 */
public class ClientException extends RuntimeException {
  private final int exitCode;

  public ClientException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
