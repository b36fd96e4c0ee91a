package dev.intake.bench.chaos;

import dev.intake.testing.ApiClient;
import java.util.Map;

/** Uploads a scenario expects the server to accept. */
final class Uploads {
  private Uploads() {}

  /** Uploads {@code content} as {@code name}; its job id, or throws unless answered 202. */
  static String accepted(ApiClient api, String name, byte[] content) {
    return accepted(api, name, content, Map.of());
  }

  static String accepted(ApiClient api, String name, byte[] content, Map<String, String> fields) {
    ApiClient.Response r = api.upload(name, content, fields);
    if (r.status() != 202) {
      throw new IllegalStateException(name + ": " + r.status() + " " + r.body());
    }
    return r.body().path("job_id").asText();
  }
}
