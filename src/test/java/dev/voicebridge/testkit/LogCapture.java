package dev.voicebridge.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event of the JVM (all loggers, down to DEBUG for the bridge) while open. */
public final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger bridge = (Logger) LoggerFactory.getLogger("dev.voicebridge");
  private final Level bridgeLevel = bridge.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
    bridge.setLevel(Level.DEBUG);
  }

  /** Each event as a line: level, logger, formatted message and stack trace. */
  public List<String> lines() {
    synchronized (appender.list) {
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
    }
  }

  public List<String> lines(Level atLeast) {
    synchronized (appender.list) {
      return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
          .map(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()).toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    bridge.setLevel(bridgeLevel);
  }
}
