package dev.skiff.server.auth.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses written as an address ({@code 10.0.0.7}, {@code ::1}) or in CIDR notation
 * ({@code 10.0.0.0/8}, {@code fd00::/8}). IPv4 and IPv6 blocks never contain each other's
 * addresses, except that an IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.7}) is the IPv4 address
 * it maps.
 *
 * <p>Only literals are read: a host name is refused, never looked up.
 */
public final class AddressRange {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private final byte[] network;
  private final int prefix;
  private final String text;

  private AddressRange(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * The block {@code text} names.
   *
   * @throws IllegalArgumentException with a one-line reason when it is not an IP address or CIDR
   *     block, or sets bits beyond its prefix ({@code 10.0.0.1/8})
   */
  public static AddressRange parse(String text) {
    String t = text == null ? "" : text.strip();
    int slash = t.indexOf('/');
    String addressText = slash < 0 ? t : t.substring(0, slash);
    byte[] address =
        literal(addressText)
            .map(InetAddress::getAddress)
            .orElseThrow(
                () -> new IllegalArgumentException("'" + t + "' is not an IP address or CIDR"));
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
        throw new IllegalArgumentException(
            "'" + t + "' has a prefix length that is not 0 to " + bits);
      }
      prefix = Integer.parseInt(p);
    }
    byte[] network = mask(address, prefix);
    if (!Arrays.equals(network, address)) {
      throw new IllegalArgumentException(
          "'"
              + t
              + "' sets bits beyond its /"
              + prefix
              + " prefix; the block is "
              + hostAddress(network)
              + "/"
              + prefix);
    }
    return new AddressRange(network, prefix, t);
  }

  /**
   * The address a literal names: dotted IPv4 or IPv6 (with or without brackets, no zone). Never
   * resolves a name.
   */
  public static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = IPV4.matcher(t).matches();
    boolean v6 = t.contains(":") && IPV6.matcher(t).matches();
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // A literal of these characters is parsed, not looked up.
      return Optional.of(InetAddress.getByName(t));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code address} is in this block. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    return a.length == network.length && Arrays.equals(mask(a, prefix), network);
  }

  /** Whether the address written {@code text} is in this block; false when it is not an address. */
  public boolean contains(String text) {
    return literal(text).map(this::contains).orElse(false);
  }

  /** The prefix length: 32 or 128 for a single address. */
  public int prefix() {
    return prefix;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }

  private static String hostAddress(byte[] address) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      return "?";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange r && r.prefix == prefix && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return text;
  }
}
