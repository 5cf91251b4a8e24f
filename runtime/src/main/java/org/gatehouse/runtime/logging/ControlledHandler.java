package org.gatehouse.runtime.logging;

import java.io.UnsupportedEncodingException;
import java.util.logging.ErrorManager;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.gatehouse.sandbox.bridge.SandboxBridge;

/**
 * A handler of the element's own log stream: changing it (level, filter, formatter, encoding,
 * error manager) or closing it needs {@code runtime loggingControl}, as the JDK's logging control
 * permission once guarded every handler. Any code can reach these handlers
 * ({@code Logger.getLogger("").getHandlers()}); without the check an extension could silence the
 * log, or point its formatter at its own code. The loggers and the log manager themselves are
 * guarded by the sandbox agent's hooks.
 */
abstract class ControlledHandler extends Handler {
    private static final String CONTROL = "loggingControl";

    private static void checkControl() {
        SandboxBridge.check("runtime", CONTROL, "");
    }

    @Override
    public synchronized void setLevel(Level level) {
        checkControl();
        super.setLevel(level);
    }

    @Override
    public synchronized void setFilter(Filter filter) {
        checkControl();
        super.setFilter(filter);
    }

    @Override
    public synchronized void setFormatter(Formatter formatter) {
        checkControl();
        super.setFormatter(formatter);
    }

    @Override
    public synchronized void setEncoding(String encoding) throws UnsupportedEncodingException {
        checkControl();
        super.setEncoding(encoding);
    }

    @Override
    public synchronized void setErrorManager(ErrorManager manager) {
        checkControl();
        super.setErrorManager(manager);
    }

    @Override
    public final void close() {
        checkControl();
        closeStream();
    }

    /** Closes what the handler writes to; {@link #close()} has checked the caller. */
    protected abstract void closeStream();
}
