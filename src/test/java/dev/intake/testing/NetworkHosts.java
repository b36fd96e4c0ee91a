package dev.intake.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts made of Linux network namespaces on this machine, joined by real TCP over veth pairs and
 * bridges (root and {@code ip} needed; see {@link NetworkHostsGate}). Each network is a bridge in
 * this (the test's) namespace, which has an address on every network too; a host has one interface
 * per network it is on. Cutting a host's interface on a network is a pulled cable: the link loses
 * its carrier, packets are silently lost, connections stall until their time-outs.
 *
 * <p>Addresses are {@code 10.R.N.H}: R random per instance (so that runs do not collide), N the
 * network, H the host. Everything is removed on {@link #close}.
 */
public final class NetworkHosts implements AutoCloseable {
  private final String tag;
  private final int r;
  private final Map<String, Integer> networks = new LinkedHashMap<>();
  private final Map<String, Integer> hosts = new LinkedHashMap<>();
  private final List<String> links = new ArrayList<>();

  public NetworkHosts() {
    this.r = ThreadLocalRandom.current().nextInt(100, 200);
    this.tag = "ik" + Integer.toString(r, 36);
  }

  /** Adds a network (a bridge) with this namespace at {@code .1}. */
  public NetworkHosts network(String name) throws IOException {
    int n = networks.size() + 1;
    networks.put(name, n);
    String br = tag + "br" + n;
    run("ip", "link", "add", br, "type", "bridge");
    links.add(br);
    run("ip", "addr", "add", "10." + r + "." + n + ".1/24", "dev", br);
    run("ip", "link", "set", br, "up");
    return this;
  }

  /** Adds a host with address {@code .h} on each of {@code onNetworks}. */
  public NetworkHosts host(String name, int h, String... onNetworks) throws IOException {
    hosts.put(name, h);
    String ns = namespace(name);
    run("ip", "netns", "add", ns);
    run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    for (String net : onNetworks) {
      int n = networks.get(net);
      String outside = link(name, net);
      String inside = "n" + n;
      run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", ns);
      links.add(outside);
      run("ip", "link", "set", outside, "master", tag + "br" + n, "up");
      run(
          "ip",
          "netns",
          "exec",
          ns,
          "ip",
          "addr",
          "add",
          address(name, net) + "/24",
          "dev",
          inside);
      run("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up");
    }
    return this;
  }

  /** The address of {@code host} on {@code network}. */
  public String address(String host, String network) {
    return "10." + r + "." + networks.get(network) + "." + hosts.get(host);
  }

  /** This namespace's address on {@code network}. */
  public String gateway(String network) {
    return "10." + r + "." + networks.get(network) + ".1";
  }

  /** The command prefix that runs a program on {@code host}. */
  public List<String> on(String host) {
    return List.of("ip", "netns", "exec", namespace(host));
  }

  /** Pulls the cable of {@code host} on {@code network}. */
  public void cut(String host, String network) throws IOException {
    run("ip", "link", "set", link(host, network), "down");
  }

  /** Plugs it back in. */
  public void restore(String host, String network) throws IOException {
    run("ip", "link", "set", link(host, network), "up");
  }

  /** Limits what reaches {@code host} over {@code network} to {@code rate} (tc syntax, "4mbit"). */
  public void limitInbound(String host, String network, String rate) throws IOException {
    run(
        "tc",
        "qdisc",
        "add",
        "dev",
        link(host, network),
        "root",
        "tbf",
        "rate",
        rate,
        "burst",
        "8kb",
        "latency",
        "5s");
  }

  private String namespace(String host) {
    return tag + "-" + host;
  }

  private String link(String host, String network) {
    return tag + host + networks.get(network);
  }

  @Override
  public void close() {
    for (String l : links.reversed()) {
      quietly("ip", "link", "del", l);
    }
    for (String h : hosts.keySet()) {
      quietly("ip", "netns", "del", namespace(h));
    }
  }

  /** Runs a command to its end; fails with its output if it fails. */
  public static String run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": no answer within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
    }
    return out;
  }

  private static void quietly(String... cmd) {
    try {
      run(cmd);
    } catch (IOException e) {
      // cleaning up: a link already gone with its namespace is fine
    }
  }
}
