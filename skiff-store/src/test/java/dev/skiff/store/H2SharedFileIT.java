package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.skiff.store.DatabaseConfig.Sharing;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on the embedded H2 file of one Skiff home (the second is {@link H2Peer}): what a {@code
 * skiff get} in a second terminal sees while a {@code skiff run} runs, and what happens when the
 * first process goes away.
 */
class H2SharedFileIT {

  @TempDir Path home;

  @BeforeEach
  void migrate() {
    Database.open(DatabaseConfig.h2File(home)).close(); // so that the peer only has to open
  }

  @Test
  void a_second_process_sees_each_commit_of_the_first_at_once_and_writes_through_it()
      throws Exception {
    try (PeerProcess first = PeerProcess.start(home, Sharing.SHARED);
        Database second = Database.open(DatabaseConfig.h2File(home))) {
      assertThat(first.ask("remote")).isEqualTo("remote false");
      assertThat(H2Peer.servedByAnotherProcess(second)).as("reads go through the first").isTrue();

      for (int i = 0; i < 5; i++) {
        first.ask("put from-first-" + i);
        assertThat(second.profiles().find("from-first-" + i)).isPresent();

        second.profiles().create(Profile.of("from-second-" + i, "second", ""));
        assertThat(first.ask("has from-second-" + i)).endsWith(" true");
      }
      assertThat(second.profiles().list()).hasSize(10);
    }
  }

  @Test
  void when_the_first_process_exits_the_second_takes_the_file_over() throws Exception {
    Database second;
    try (PeerProcess first = PeerProcess.start(home, Sharing.SHARED)) {
      second = Database.open(DatabaseConfig.h2File(home));
      first.ask("put before-exit");
    }
    try (second) {
      assertThat(second.profiles().find("before-exit")).isPresent();
      second.profiles().create(Profile.of("after-exit", "second", ""));
      assertThat(second.ping()).isTrue();

      try (PeerProcess third = PeerProcess.start(home, Sharing.SHARED)) {
        assertThat(third.ask("remote")).as("served by the second now").isEqualTo("remote true");
        assertThat(third.ask("has after-exit")).isEqualTo("has after-exit true");
      }
    }
  }

  @Test
  void when_the_first_process_is_killed_its_commits_survive_and_the_second_takes_over()
      throws Exception {
    try (PeerProcess first = PeerProcess.start(home, Sharing.SHARED);
        Database second = Database.open(DatabaseConfig.h2File(home))) {
      for (int i = 0; i < 20; i++) {
        first.ask("put committed-" + i);
      }
      first.kill();

      assertThat(second.profiles().list()).hasSize(20);
      second.profiles().create(Profile.of("after-kill", "second", ""));
      assertThat(second.profiles().find("after-kill")).isPresent();
    }
    try (Database reopened = Database.open(DatabaseConfig.h2File(home, Sharing.EXCLUSIVE))) {
      assertThat(reopened.profiles().list()).hasSize(21);
    }
  }

  @Test
  void an_exclusive_open_is_refused_while_another_process_shares_the_file() throws Exception {
    try (PeerProcess cli = PeerProcess.start(home, Sharing.SHARED)) {
      assertThatThrownBy(() -> Database.open(DatabaseConfig.h2File(home, Sharing.EXCLUSIVE)))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "database file %s is in use by another Skiff process; stop it, or give this one"
                  + " another Skiff home",
              home.resolve("db/skiff.mv.db").toAbsolutePath());
      assertThat(cli.ask("put still-working")).isEqualTo("put still-working");
    }
  }

  @Test
  void the_shared_file_is_served_on_loopback_only_and_needs_the_key_and_the_password()
      throws Exception {
    try (PeerProcess first = PeerProcess.start(home, Sharing.SHARED)) {
      assertThat(first.ask("remote")).isEqualTo("remote false");
      Properties lock = new Properties();
      try (InputStream in = Files.newInputStream(home.resolve("db/skiff.lock.db"))) {
        lock.load(in);
      }
      String server = lock.getProperty("server"); // host:port
      String key = lock.getProperty("id");
      String host = server.substring(0, server.lastIndexOf(':'));
      int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
      assertThat(host).isIn("localhost", "127.0.0.1");
      String password = Files.readString(home.resolve("db/password")).strip();

      String byKey = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + key;
      assertThat(loginError(byKey, password)).as("key and password").isZero();
      assertThat(loginError(byKey, "")).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD);
      String byPath = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + home.resolve("db/skiff");
      assertThat(loginError(byPath, password)).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD);

      Optional<InetAddress> external = nonLoopbackAddress();
      assumeThat(external).as("this host has a non-loopback IPv4 address").isPresent();
      try (Socket s = new Socket()) {
        assertThatThrownBy(() -> s.connect(new InetSocketAddress(external.get(), port), 2_000))
            .isInstanceOf(ConnectException.class);
      }
    }
  }

  /** The H2 error code of logging in as sa with {@code password}, or 0 when it works. */
  private static int loginError(String url, String password) {
    try {
      DriverManager.getConnection(url, "sa", password).close();
      return 0;
    } catch (SQLException e) {
      return e.getErrorCode();
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    return NetworkInterface.networkInterfaces()
        .filter(
            i -> {
              try {
                return i.isUp() && !i.isLoopback();
              } catch (IOException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
  }
}
