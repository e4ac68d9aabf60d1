package dev.embeddedcluster;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.PrintStream;

/**
 * Netty's logging in the standalone jar: warnings and errors to standard error, nothing else.
 * Without it Netty probes for SLF4J and Log4j, then starts java.util.logging, which costs a fresh
 * JVM some 20 ms of the time to 'ready' for a jar that ships none of them.
 */
final class StandaloneLog extends InternalLoggerFactory {
    private final PrintStream err;

    StandaloneLog(PrintStream err) {
        this.err = err;
    }

    @Override
    protected InternalLogger newInstance(String name) {
        return new Logger(name, err);
    }

    /** Replaces each {@code {}} of the pattern by the next argument, as SLF4J does. */
    static String format(String pattern, Object... args) {
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int from = 0;
        for (Object arg : args) {
            int at = pattern.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            out.append(pattern, from, at).append(arg);
            from = at + 2;
        }
        return out.append(pattern, from, pattern.length()).toString();
    }

    private static final class Logger extends AbstractInternalLogger {
        private final transient PrintStream err;

        Logger(String name, PrintStream err) {
            super(name);
            this.err = err;
        }

        private void print(String level, String message, Throwable cause) {
            synchronized (err) {
                err.println(level + " [" + Thread.currentThread().getName() + "] " + name() + ": " + message);
                if (cause != null) {
                    cause.printStackTrace(err);
                }
            }
        }

        private void print(String level, String pattern, Object[] args) {
            Throwable cause = args.length > 0 && args[args.length - 1] instanceof Throwable t ? t : null;
            print(level, format(pattern, args), cause);
        }

        @Override public boolean isWarnEnabled() { return true; }
        @Override public void warn(String msg) { print("WARN", msg, (Throwable) null); }
        @Override public void warn(String format, Object arg) { print("WARN", format, new Object[] {arg}); }
        @Override public void warn(String format, Object a, Object b) { print("WARN", format, new Object[] {a, b}); }
        @Override public void warn(String format, Object... args) { print("WARN", format, args); }
        @Override public void warn(String msg, Throwable t) { print("WARN", msg, t); }

        @Override public boolean isErrorEnabled() { return true; }
        @Override public void error(String msg) { print("ERROR", msg, (Throwable) null); }
        @Override public void error(String format, Object arg) { print("ERROR", format, new Object[] {arg}); }
        @Override public void error(String format, Object a, Object b) { print("ERROR", format, new Object[] {a, b}); }
        @Override public void error(String format, Object... args) { print("ERROR", format, args); }
        @Override public void error(String msg, Throwable t) { print("ERROR", msg, t); }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public void trace(String msg) { }
        @Override public void trace(String format, Object arg) { }
        @Override public void trace(String format, Object a, Object b) { }
        @Override public void trace(String format, Object... args) { }
        @Override public void trace(String msg, Throwable t) { }

        @Override public boolean isDebugEnabled() { return false; }
        @Override public void debug(String msg) { }
        @Override public void debug(String format, Object arg) { }
        @Override public void debug(String format, Object a, Object b) { }
        @Override public void debug(String format, Object... args) { }
        @Override public void debug(String msg, Throwable t) { }

        @Override public boolean isInfoEnabled() { return false; }
        @Override public void info(String msg) { }
        @Override public void info(String format, Object arg) { }
        @Override public void info(String format, Object a, Object b) { }
        @Override public void info(String format, Object... args) { }
        @Override public void info(String msg, Throwable t) { }
    }
}
