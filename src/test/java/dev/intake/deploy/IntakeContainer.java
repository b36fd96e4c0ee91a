package dev.intake.deploy;

import dev.intake.deploy.DeploymentFiles.KubeObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container of the deployment files that runs the Intake image: where it is declared, its
 * command-line arguments, the environment it gets (ConfigMaps and Secrets it names included), the
 * variable names it sets, its HTTP probes, memory limit and stop grace.
 *
 * @param where the file and object, for messages
 * @param args the arguments after the image's entrypoint ({@code serve --no-workers})
 * @param environment every variable and its value as the process would see it
 * @param names the variable names the file sets for it (ConfigMap and Secret keys included)
 * @param ports the container's ports by name (Kubernetes only)
 * @param probes its HTTP probes (Kubernetes only)
 * @param memoryLimit bytes, or -1 when none is set
 * @param memoryRequest bytes, or -1 when none is set
 * @param stopGraceSeconds how long it may take to stop before it is killed; -1 for the default
 * @param annotations the pod's annotations (Kubernetes only)
 */
record IntakeContainer(
    String where,
    List<String> args,
    Map<String, String> environment,
    List<String> names,
    Map<String, Integer> ports,
    List<Probe> probes,
    long memoryLimit,
    long memoryRequest,
    long stopGraceSeconds,
    Map<String, String> annotations) {

  /**
   * An HTTP probe: which one ({@code readinessProbe} …), the path and the port (name or number).
   */
  record Probe(String kind, String path, Object port) {}

  private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)([A-Za-z]*)");

  boolean isWorker() {
    return !args.isEmpty() && args.getFirst().equals("worker");
  }

  boolean isApi() {
    return !args.isEmpty() && args.getFirst().equals("serve");
  }

  /** The containers of every Kubernetes Deployment that run the Intake image. */
  static List<IntakeContainer> kubernetes() {
    Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
    for (KubeObject o : DeploymentFiles.kubernetes()) {
      if ("ConfigMap".equals(o.kind())) {
        configMaps.put("ConfigMap/" + o.name(), strings(o.body().get("data")));
      } else if ("Secret".equals(o.kind())) {
        configMaps.put("Secret/" + o.name(), strings(o.body().get("stringData")));
      }
    }
    List<IntakeContainer> found = new ArrayList<>();
    for (KubeObject deployment : DeploymentFiles.kubernetes("Deployment")) {
      Map<String, Object> pod = Yamls.mapAt(deployment.body(), "spec", "template", "spec");
      for (Object c : Yamls.list(pod.get("containers"))) {
        Map<String, Object> container = Yamls.map(c);
        if (!String.valueOf(container.get("image")).startsWith("intake:")) {
          continue;
        }
        String where =
            DeploymentFiles.ROOT.relativize(deployment.file())
                + " Deployment/"
                + deployment.name()
                + " container "
                + container.get("name");
        Map<String, String> env = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Object from : Yamls.list(container.get("envFrom"))) {
          Map<String, Object> ref = Yamls.map(from);
          String key =
              ref.containsKey("configMapRef")
                  ? "ConfigMap/" + Yamls.string(ref, "configMapRef", "name")
                  : "Secret/" + Yamls.string(ref, "secretRef", "name");
          Map<String, String> values = configMaps.get(key);
          if (values == null) {
            throw new AssertionError(where + " takes its environment from " + key + ", not found");
          }
          env.putAll(values);
          names.addAll(values.keySet());
        }
        for (Object e : Yamls.list(container.get("env"))) {
          Map<String, Object> var = Yamls.map(e);
          String name = String.valueOf(var.get("name"));
          names.add(name);
          env.put(name, var.get("value") == null ? "" : String.valueOf(var.get("value")));
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object p : Yamls.list(container.get("ports"))) {
          Map<String, Object> port = Yamls.map(p);
          ports.put(String.valueOf(port.get("name")), (Integer) port.get("containerPort"));
        }
        List<Probe> probes = new ArrayList<>();
        for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
          Object probe = container.get(kind);
          if (probe != null) {
            Map<String, Object> get = Yamls.mapAt(Yamls.map(probe), "httpGet");
            probes.add(new Probe(kind, String.valueOf(get.get("path")), get.get("port")));
          }
        }
        Object grace = pod.get("terminationGracePeriodSeconds");
        found.add(
            new IntakeContainer(
                where,
                Yamls.list(container.get("args")).stream().map(String::valueOf).toList(),
                env,
                names,
                ports,
                probes,
                bytes(Yamls.string(container, "resources", "limits", "memory")),
                bytes(Yamls.string(container, "resources", "requests", "memory")),
                grace == null ? -1 : ((Number) grace).longValue(),
                strings(
                    Yamls.at(deployment.body(), "spec", "template", "metadata", "annotations"))));
      }
    }
    return found;
  }

  /** The Compose services that run the Intake image. */
  static List<IntakeContainer> compose() {
    List<IntakeContainer> found = new ArrayList<>();
    DeploymentFiles.composeIntakeServices()
        .forEach(
            (name, service) -> {
              Map<String, String> env = strings(service.get("environment"));
              found.add(
                  new IntakeContainer(
                      "deploy/compose.yaml service " + name,
                      Yamls.list(service.get("command")).stream().map(String::valueOf).toList(),
                      env,
                      List.copyOf(env.keySet()),
                      Map.of(),
                      List.of(),
                      bytes(Yamls.string(service, "mem_limit")),
                      -1,
                      seconds(Yamls.string(service, "stop_grace_period")),
                      Map.of()));
            });
    return found;
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o != null) {
      Yamls.map(o).forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
    }
    return out;
  }

  /**
   * A memory size as Kubernetes ({@code 3Gi}, {@code 512Mi}, {@code 2G}) or Compose ({@code 3g},
   * {@code 512m}, binary units) writes it; -1 for null.
   */
  static long bytes(String quantity) {
    if (quantity == null) {
      return -1;
    }
    Matcher m = QUANTITY.matcher(quantity.strip());
    if (!m.matches()) {
      throw new AssertionError("not a memory size: " + quantity);
    }
    double n = Double.parseDouble(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "", "b" -> 1L;
          case "Ki", "k", "kb" -> 1L << 10;
          case "Mi", "m", "mb" -> 1L << 20;
          case "Gi", "g", "gb" -> 1L << 30;
          case "K" -> 1_000L;
          case "M" -> 1_000_000L;
          case "G" -> 1_000_000_000L;
          default -> throw new AssertionError("unknown memory unit in " + quantity);
        };
    return Math.round(n * unit);
  }

  /** A Compose duration ({@code 60s}, {@code 2m}, {@code 1m30s}); -1 for null. */
  static long seconds(String duration) {
    if (duration == null) {
      return -1;
    }
    Matcher m = Pattern.compile("(\\d+)([hms])").matcher(duration);
    long total = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total +=
          switch (m.group(2)) {
            case "h" -> n * 3600;
            case "m" -> n * 60;
            default -> n;
          };
      end = m.end();
    }
    if (end != duration.length() || end == 0) {
      throw new AssertionError("not a duration Compose reads: " + duration);
    }
    return total;
  }
}
