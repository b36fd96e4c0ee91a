package dev.intake.cli.client;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The job priorities of API.md, written in lower case on the wire and on the command line. */
public enum Priority {
  HIGH,
  MEDIUM,
  LOW;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Accepts any case, so {@code --priority high} works without a global picocli setting. */
  static final class Converter implements ITypeConverter<Priority> {
    @Override
    public Priority convert(String value) {
      for (Priority p : values()) {
        if (p.name().equalsIgnoreCase(value.strip())) {
          return p;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a priority: use high, medium or low");
    }
  }
}
