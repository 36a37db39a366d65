package dev.skiff.engine.executor.local.notebook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port free at the moment it is picked (another process may take it before use). */
final class FreePort {
  private FreePort() {}

  static int pick() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
