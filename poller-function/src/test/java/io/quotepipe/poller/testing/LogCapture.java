package io.quotepipe.poller.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line of the JVM (JBoss LogManager under Quarkus, java.util.logging otherwise) while
 * installed, formatted with its exception chain: what an operator would read.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " [" + record.getLoggerName() + "] " + format(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    private static String format(LogRecord record) {
        if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (message == null || params == null || params.length == 0) {
            return String.valueOf(message);
        }
        try {
            return java.text.MessageFormat.format(message, params);
        } catch (IllegalArgumentException e) {
            return message;
        }
    }

    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    public List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
