package dev.intake.app;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The address other machines reach this process at, for the URLs it registers. */
final class AdvertisedAddress {
  private AdvertisedAddress() {}

  /**
   * {@code http://host:port/path} for a server bound to {@code bindHost}: the bind address itself,
   * or, when bound to every address, this machine's own address (in a Kubernetes pod or a Compose
   * container, the address its peers reach it at).
   */
  static String url(String bindHost, int port, String path) {
    String host = bindHost;
    if (bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]")) {
      try {
        host = InetAddress.getLocalHost().getHostAddress();
      } catch (UnknownHostException e) {
        host = "127.0.0.1";
      }
    }
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal
    }
    return "http://" + host + ":" + port + path;
  }
}
