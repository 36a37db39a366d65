package dev.skiff.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.skiff.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Adds {@code $SKIFF_HOME/logs/server.log} to the logging setup once the home is known. */
final class ServerLog {
  private static final String APPENDER = "skiff-file";

  private ServerLog() {}

  static void writeTo(Path logsDir) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding (e.g. in an embedding application) owns logging
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    String path = logsDir.resolve("server.log").toString();
    if (root.getAppender(APPENDER) instanceof FileAppender<ILoggingEvent> existing) {
      if (path.equals(existing.getFile())) {
        return;
      }
      // Another server in this JVM (tests, embedding) used another home: follow the newest.
      root.detachAppender(existing);
      existing.stop();
    }
    try {
      // Created private before the appender opens it for appending (which keeps the mode).
      PrivateFiles.createFile(Path.of(path));
      PrivateFiles.tighten(Path.of(path));
    } catch (IOException e) {
      // the appender reports a file it cannot open
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setName(APPENDER);
    file.setContext(context);
    file.setFile(path);
    file.setEncoder(encoder);
    file.start();
    root.addAppender(file);
  }
}
