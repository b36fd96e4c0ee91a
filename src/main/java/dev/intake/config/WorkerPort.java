package dev.intake.config;

/**
 * The port of a worker process's health and metrics endpoints ({@code INTAKE_WORKER_PORT}).
 *
 * @param number the port to bind; 0 for any free one
 * @param given whether the operator chose it: a chosen port that is taken stops the worker, while
 *     the default (8081) that is taken, by a second worker on the same host say, gives way to a
 *     free port, which the worker logs and advertises in {@code GET /workers}
 */
public record WorkerPort(int number, boolean given) {

  static final int DEFAULT = 8081;

  static WorkerPort read(Settings s) {
    int number = s.integer("INTAKE_WORKER_PORT", DEFAULT, 0, 65535);
    return new WorkerPort(number, s.given("INTAKE_WORKER_PORT"));
  }
}
