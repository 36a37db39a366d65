package dev.skiff.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging setup in code rather than {@code logback.xml}: parsing XML costs about half a second of
 * start-up. Console (stderr) for people; {@link ServerLog} adds a file under the home later.
 *
 * <p>Levels: Skiff at INFO, libraries at WARN (they are chatty at INFO), Hikari's pool logger off
 * and its connection loggers at ERROR, because a failed pool start or a dropped connection is
 * already reported by Skiff as one line and Hikari would add a stack trace. {@code
 * SKIFF_LOG_LEVEL=DEBUG} (or the system property {@code skiff.log.level}) sets Skiff's own level.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  /** Logback creates this through the ServiceLoader. */
  public LogSetup() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    String level = System.getenv("SKIFF_LOG_LEVEL");
    if (level == null) {
      level = System.getProperty("skiff.log.level");
    }
    context.getLogger("dev.skiff").setLevel(Level.toLevel(level, Level.INFO));
    context.getLogger("com.zaxxer.hikari.pool.HikariPool").setLevel(Level.OFF);
    // A connection the database dropped is reported by Skiff in one line ("the store is away");
    // Hikari would add a stack trace for each.
    context.getLogger("com.zaxxer.hikari.pool.ProxyConnection").setLevel(Level.ERROR);
    context.getLogger("com.zaxxer.hikari.pool.PoolBase").setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
