package dev.embeddedcluster.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard error, still written through, with a copy kept: where our nodes print a stack trace
 * (a handler's exception reaching the connection) and where Netty's logging goes in tests.
 */
final class StderrWatch implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private int read;

    StderrWatch() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        }, true));
        java.util.logging.Logger.getLogger("").addHandler(julToWatch);
    }

    /** java.util.logging (Netty's fallback) warnings and errors, copied here: its console handler kept the old stream. */
    private final java.util.logging.Handler julToWatch = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                System.err.println("JUL " + record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace();
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** What was written since the last call, when it holds an exception or a stack frame; else null. */
    String newTrouble() {
        String fresh;
        synchronized (copy) {
            if (copy.size() == read) {
                return null;
            }
            fresh = new String(copy.toByteArray(), read, copy.size() - read, StandardCharsets.UTF_8);
            read = copy.size();
        }
        return fresh.contains("Exception") || fresh.contains("\tat ") || fresh.contains("Error:") ? fresh : null;
    }

    @Override
    public void close() {
        java.util.logging.Logger.getLogger("").removeHandler(julToWatch);
        System.setErr(original);
    }
}
