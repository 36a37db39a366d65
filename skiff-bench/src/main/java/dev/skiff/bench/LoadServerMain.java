package dev.skiff.bench;

import dev.skiff.server.SkiffServer;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import java.nio.file.Path;

/**
 * The server of the load benchmark, in its own JVM (started with {@code -Xmx768m}, the heap {@code
 * ./skiff} gives Skiff, so that its memory is measured apart from the clients'): {@code --home DIR
 * [--db URL --db-user USER --db-password PASSWORD]}, on a free loopback port. Prints {@code READY
 * <url>} once it serves; stops on SIGTERM; exits 1 with the cause when its store fails for good, as
 * {@code skiff server} does.
 */
public final class LoadServerMain {
  private LoadServerMain() {}

  public static void main(String[] args) throws Exception {
    Path home = null;
    String db = null;
    String user = null;
    String password = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--home" -> home = Path.of(args[++i]);
        case "--db" -> db = args[++i];
        case "--db-user" -> user = args[++i];
        case "--db-password" -> password = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    SkiffConfig config =
        ConfigLoader.load(
            new ConfigLoader.Overrides(home, null, "127.0.0.1", 0, db, user, password),
            System.getenv());
    SkiffServer server = SkiffServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "load-server-stop"));
    System.out.println("READY " + server.url());
    System.out.flush();
    String fatal = server.fatal().join();
    System.out.println("FATAL " + fatal);
    System.exit(1);
  }
}
