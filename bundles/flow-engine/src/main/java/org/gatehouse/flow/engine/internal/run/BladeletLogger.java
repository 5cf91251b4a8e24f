package org.gatehouse.flow.engine.internal.run;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/** A bladelet's logger: every record starts with the extension, bladelet and step it came from. */
final class BladeletLogger implements System.Logger {
    private final System.Logger target;
    private final String prefix;

    BladeletLogger(System.Logger target, String provider, String bladelet, String step) {
        this.target = target;
        this.prefix = "[" + provider + " " + bladelet + " step " + step + "] ";
    }

    @Override
    public String getName() {
        return target.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return target.isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        target.log(level, bundle, prefix + msg, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        String text = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
        target.log(level, bundle, prefix + text, (Throwable) null);
    }
}
