package dev.intake.bench;

final class Placeholder {
  private Placeholder() {}
}
