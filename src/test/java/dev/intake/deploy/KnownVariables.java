package dev.intake.deploy;

import dev.intake.config.IntakeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * The environment variables an Intake container reads, each list taken from the code that reads it:
 * the configuration ({@link IntakeConfig#variableNames()}), the logging configuration ({@code
 * ${NAME:-…}} in {@code logback.xml}), the image's entrypoint scripts ({@code ${NAME…}} in {@code
 * deploy/docker/*.sh}) and the AWS SDK's credential and region chain.
 */
final class KnownVariables {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)");

  private KnownVariables() {}

  static Set<String> all() {
    Set<String> known = new TreeSet<>(IntakeConfig.variableNames());
    known.addAll(logging());
    known.addAll(entrypoint());
    known.addAll(awsSdk());
    return known;
  }

  static Set<String> logging() {
    try (InputStream in = KnownVariables.class.getResourceAsStream("/logback.xml")) {
      if (in == null) {
        throw new AssertionError("logback.xml is not on the class path");
      }
      return references(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<String> entrypoint() {
    Set<String> names = new TreeSet<>();
    for (String script : new String[] {"intake.sh", "healthcheck.sh"}) {
      names.addAll(
          references(
              DeploymentFiles.read(DeploymentFiles.ROOT.resolve("deploy/docker/" + script))));
    }
    return names;
  }

  static Set<String> awsSdk() {
    Set<String> names = new TreeSet<>();
    Arrays.stream(SdkSystemSetting.values())
        .map(SdkSystemSetting::environmentVariable)
        .filter(java.util.Objects::nonNull)
        .forEach(names::add);
    Arrays.stream(ProfileFileSystemSetting.values())
        .map(ProfileFileSystemSetting::environmentVariable)
        .filter(java.util.Objects::nonNull)
        .forEach(names::add);
    return names;
  }

  private static Set<String> references(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
