package dev.intake.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host as a {@code Host} header, an origin or a setting gives it: a lower-case name (trailing dot
 * dropped) or an IP literal, and a port or -1. IPv6 literals are written in brackets ({@code
 * [::1]:8080}); anything else that is not a plain name, IPv4 address or port is refused.
 *
 * @param name the lower-case name, or the canonical text of the address for a literal
 * @param address the address of an IP literal; null for a name
 * @param port the port, or -1 when none was given
 */
record HostName(String name, InetAddress address, int port) {
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

  /** Parses {@code host[:port]} or {@code [v6][:port]}; null when it is not one. */
  static HostName parse(String value) {
    if (value == null || value.isEmpty() || value.length() > 300) {
      return null;
    }
    String host;
    String rest;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = value.substring(1, close);
      rest = value.substring(close + 1);
      if (!host.contains(":") || !host.chars().allMatch(HostName::isV6Char)) {
        return null; // no zone ids, no IPvFuture
      }
    } else {
      int colon = value.indexOf(':');
      host = colon < 0 ? value : value.substring(0, colon);
      rest = colon < 0 ? "" : value.substring(colon);
      if (host.isEmpty() || !host.chars().allMatch(HostName::isNameChar)) {
        return null;
      }
    }
    int port = port(rest);
    if (port == -2) {
      return null;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".") && lower.length() > 1) {
      lower = lower.substring(0, lower.length() - 1);
    }
    InetAddress address = literal(lower, value.startsWith("["));
    if (value.startsWith("[") && address == null) {
      return null;
    }
    return new HostName(address == null ? lower : address.getHostAddress(), address, port);
  }

  /** "" → -1; ":" → -1 (an empty port is allowed); ":8080" → 8080; anything else → -2. */
  private static int port(String rest) {
    if (rest.isEmpty() || rest.equals(":")) {
      return -1;
    }
    if (rest.charAt(0) != ':' || rest.length() > 6) {
      return -2;
    }
    String digits = rest.substring(1);
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -2;
    }
    int p = Integer.parseInt(digits);
    return p >= 1 && p <= 65535 ? p : -2;
  }

  /** The address of an IP literal, parsed without any name lookup; null for a name. */
  private static InetAddress literal(String host, boolean bracketed) {
    if (!bracketed && !DOTTED_QUAD.matcher(host).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(host); // a literal: no DNS query is made
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isNameChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_';
  }

  private static boolean isV6Char(int c) {
    return (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'f')
        || (c >= 'A' && c <= 'F')
        || c == ':'
        || c == '.';
  }

  /** Whether this names the same host as {@code other}, ports aside. */
  boolean sameHost(HostName other) {
    return address != null ? address.equals(other.address) : name.equals(other.name);
  }

  boolean isLoopback() {
    return name.equals("localhost") || (address != null && address.isLoopbackAddress());
  }
}
