package dev.intake.cli.client;

import java.util.Map;
import picocli.CommandLine.Option;

/** Where the server is and how to authenticate: flags first, then the environment. */
public final class ClientOptions {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Server URL (INTAKE_URL, default " + DEFAULT_URL + ")")
  String url;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "API key sent as a bearer token (INTAKE_API_KEY)")
  String apiKey;

  /** The server URL: the flag, else {@code INTAKE_URL}, else the default. */
  String url(Map<String, String> env) {
    return firstSet(url, env.get("INTAKE_URL"), DEFAULT_URL);
  }

  /** The API key: the flag, else {@code INTAKE_API_KEY}, else none. */
  String apiKey(Map<String, String> env) {
    return firstSet(apiKey, env.get("INTAKE_API_KEY"), null);
  }

  IntakeClient client(Map<String, String> env) {
    return new IntakeClient(url(env), apiKey(env));
  }

  private static String firstSet(String flag, String variable, String fallback) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    if (variable != null && !variable.isBlank()) {
      return variable;
    }
    return fallback;
  }
}
