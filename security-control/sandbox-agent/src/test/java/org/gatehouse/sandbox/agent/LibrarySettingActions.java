package org.gatehouse.sandbox.agent;

import java.beans.Beans;
import java.beans.Introspector;
import java.beans.PropertyEditorManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.rmi.server.RMISocketFactory;
import java.sql.DriverManager;
import java.util.logging.Logger;
import javax.naming.spi.NamingManager;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.sql.rowset.spi.SyncFactory;

/**
 * JVM-wide settings of JDK libraries that the census of the JDK's checks found unhooked
 * (docs/sandbox.md "What the JDK checked"): one tiny action each, run from an
 * {@link ExtensionLoader} (the extension) and from the test's own loader (trusted code).
 * Actions that take a flag set a real value when it is true, and a value that changes nothing
 * otherwise (the JDK lets some of these be set only once per JVM).
 */
public final class LibrarySettingActions {
    private LibrarySettingActions() {
    }

    public static void setInitialContextFactoryBuilder(Boolean real) throws Exception {
        NamingManager.setInitialContextFactoryBuilder(real ? environment -> null : null);
    }

    public static void setObjectFactoryBuilder(Boolean real) throws Exception {
        NamingManager.setObjectFactoryBuilder(real ? (object, environment) -> null : null);
    }

    public static void setRmiSocketFactory(Boolean real) throws Exception {
        RMISocketFactory.setSocketFactory(real ? RMISocketFactory.getDefaultSocketFactory() : null);
    }

    public static void setRmiFailureHandler() {
        RMISocketFactory.setFailureHandler(failure -> false);
    }

    @SuppressWarnings("deprecation")
    public static void setRmiLogStream() {
        java.rmi.server.LogStream.setDefaultStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /** Replaces the JAAS login configuration with one that knows no application. */
    public static Configuration setLoginConfiguration() {
        Configuration none = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return null;
            }
        };
        Configuration.setConfiguration(none);
        return none;
    }

    /** Has every JDBC driver's log go to a writer of the caller's. */
    public static PrintWriter setJdbcLogWriter() {
        PrintWriter writer = new PrintWriter(new StringWriter());
        DriverManager.setLogWriter(writer);
        return writer;
    }

    @SuppressWarnings("deprecation")
    public static void setJdbcLogStream() {
        DriverManager.setLogStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    public static void deregisterDriver(Object driver) throws Exception {
        DriverManager.deregisterDriver((java.sql.Driver) driver);
    }

    /** Registers a driver of the extension's own and takes it back: whether it is gone. */
    public static boolean deregisterOwnDriver() throws Exception {
        java.sql.Driver own = new OwnDriver();
        DriverManager.registerDriver(own);
        DriverManager.deregisterDriver(own);
        return DriverManager.drivers().noneMatch(own::equals);
    }

    public static Logger setRowSetLogger(String name) {
        Logger logger = Logger.getLogger(name);
        SyncFactory.setLogger(logger);
        return logger;
    }

    /** With no context: the JDK refuses it, after the check. */
    public static void setRowSetNamingContext() throws Exception {
        SyncFactory.setJNDIContext(null);
    }

    public static void setDesignTime(Boolean designTime) {
        Beans.setDesignTime(designTime);
    }

    public static void setBeanInfoSearchPath() {
        Introspector.setBeanInfoSearchPath(new String[] {"org.gatehouse.extension.beaninfo"});
    }

    public static void registerPropertyEditor() {
        PropertyEditorManager.registerEditor(LibrarySettingActions.class, java.beans.PropertyEditorSupport.class);
    }

    public static void setEditorSearchPath() {
        PropertyEditorManager.setEditorSearchPath(new String[] {"org.gatehouse.extension.editors"});
    }

    /** The factory whose serialization constructors and handles reach any class's private serialization methods. */
    public static Object reflectionFactory() {
        return sun.reflect.ReflectionFactory.getReflectionFactory();
    }

    /** A driver of the extension's own that connects nowhere. */
    private static final class OwnDriver implements java.sql.Driver {
        @Override
        public java.sql.Connection connect(String url, java.util.Properties info) {
            return null;
        }

        @Override
        public boolean acceptsURL(String url) {
            return false;
        }

        @Override
        public java.sql.DriverPropertyInfo[] getPropertyInfo(String url, java.util.Properties info) {
            return new java.sql.DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("gatehouse.test.jdbc.extension");
        }
    }
}
