package org.gatehouse.sandbox.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.Beans;
import java.beans.Introspector;
import java.beans.PropertyEditorManager;
import java.io.PrintWriter;
import java.rmi.server.RMIFailureHandler;
import java.rmi.server.RMISocketFactory;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.util.Properties;
import java.util.logging.Logger;
import javax.naming.spi.NamingManager;
import javax.security.auth.login.Configuration;
import javax.sql.rowset.spi.SyncFactory;
import javax.sql.rowset.spi.SyncFactoryException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The library-wide settings the census of the JDK's checks found unhooked (docs/sandbox.md "What
 * the JDK checked"): denied to the extension with nothing changed, allowed when granted, and
 * trusted code unaffected.
 */
class LibrarySettingsIT extends BehaviourMatrix {
    @Override
    Class<?> actions() {
        return LibrarySettingActions.class;
    }

    /** DriverManager loads the class path's drivers on first use: the platform's work, done before the matrix. */
    @BeforeAll
    static void loadTheClassPathsDrivers() {
        assertNotNull(DriverManager.drivers());
    }

    @Test
    void theNamingFactoryBuildersAreDeniedAndStayUnset() throws Exception {
        assertDenied("runtime setFactory", () -> extension.run("setInitialContextFactoryBuilder", true));
        assertDenied("runtime setFactory", () -> extension.run("setObjectFactoryBuilder", true));
        assertFalse(NamingManager.hasInitialContextFactoryBuilder());

        // granted: the JDK takes the call (a builder can be set once per JVM, so none is given)
        granted("runtime", "setFactory", () -> extension.run("setInitialContextFactoryBuilder", false));
        granted("runtime", "setFactory", () -> extension.run("setObjectFactoryBuilder", false));
        DECIDER.forgetRequests();
        trusted.run("setInitialContextFactoryBuilder", false);
        assertNoExtensionRequest();
    }

    @Test
    void theRmiSocketFactoryIsDeniedAndStaysUnset() throws Exception {
        assertDenied("runtime setFactory", () -> extension.run("setRmiSocketFactory", true));
        assertNull(RMISocketFactory.getSocketFactory());

        granted("runtime", "setFactory", () -> extension.run("setRmiSocketFactory", false));
        trusted.run("setRmiSocketFactory", false);
    }

    @Test
    void theRmiFailureHandlerIsDeniedAndReplacedWhenGranted() throws Exception {
        RMIFailureHandler before = RMISocketFactory.getFailureHandler();
        try {
            assertDenied("runtime setFactory", () -> extension.run("setRmiFailureHandler"));
            assertSame(before, RMISocketFactory.getFailureHandler());

            granted("runtime", "setFactory", () -> extension.run("setRmiFailureHandler"));
            assertNotNull(RMISocketFactory.getFailureHandler());
        } finally {
            RMISocketFactory.setFailureHandler(before);
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void theRmiLogStreamIsLoggingControl() throws Exception {
        java.io.PrintStream before = java.rmi.server.LogStream.getDefaultStream();
        try {
            assertDenied("runtime loggingControl", () -> extension.run("setRmiLogStream"));
            assertSame(before, java.rmi.server.LogStream.getDefaultStream());

            granted("runtime", "loggingControl", () -> extension.run("setRmiLogStream"));
            assertFalse(before == java.rmi.server.LogStream.getDefaultStream());
        } finally {
            java.rmi.server.LogStream.setDefaultStream(before);
        }
    }

    @Test
    void theLoginConfigurationIsDeniedAndReplacedWhenGranted() throws Exception {
        Configuration before = Configuration.getConfiguration();
        try {
            assertDenied("runtime setLoginConfiguration", () -> extension.run("setLoginConfiguration"));
            assertSame(before, Configuration.getConfiguration());

            Object replaced = granted("runtime", "setLoginConfiguration", () -> extension.run("setLoginConfiguration"));
            assertSame(replaced, Configuration.getConfiguration());
        } finally {
            Configuration.setConfiguration(before);
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void theJdbcLogIsDeniedAndTakenWhenGranted() throws Exception {
        assertDenied("runtime setLog", () -> extension.run("setJdbcLogWriter"));
        assertDenied("runtime setLog", () -> extension.run("setJdbcLogStream"));
        assertNull(DriverManager.getLogWriter());
        assertNull(DriverManager.getLogStream());

        try {
            PrintWriter writer = (PrintWriter) granted("runtime", "setLog", () -> extension.run("setJdbcLogWriter"));
            assertSame(writer, DriverManager.getLogWriter());
        } finally {
            DriverManager.setLogWriter(null);
        }
    }

    @Test
    void anotherCodebasesDriverStaysRegistered() throws Exception {
        Driver platformDriver = new PlatformDriver();
        DriverManager.registerDriver(platformDriver);
        try {
            assertDenied("runtime deregisterDriver", () -> extension.run("deregisterDriver", platformDriver));
            assertTrue(DriverManager.drivers().anyMatch(platformDriver::equals));

            granted("runtime", "deregisterDriver", () -> extension.run("deregisterDriver", platformDriver));
            assertFalse(DriverManager.drivers().anyMatch(platformDriver::equals));
        } finally {
            DriverManager.deregisterDriver(platformDriver);
        }
    }

    @Test
    void anExtensionTakesBackItsOwnDriverUnasked() throws Exception {
        assertEquals(true, extension.run("deregisterOwnDriver"));
        assertNoExtensionRequest();
    }

    @Test
    void theRowSetFactoryIsDeniedAndSetWhenGranted() throws Exception {
        String name = "gatehouse.test.rowsets." + System.nanoTime();

        assertDenied("runtime setSyncFactory", () -> extension.run("setRowSetLogger", name));
        assertDenied("runtime setSyncFactory", () -> extension.run("setRowSetNamingContext"));
        assertTrue(currentRowSetLogger() == null || !name.equals(currentRowSetLogger().getName()));

        Logger logger = (Logger) granted("runtime", "setSyncFactory", () -> extension.run("setRowSetLogger", name));
        assertSame(logger, currentRowSetLogger());
        // granted: the JDK itself refuses the missing context, after the check
        assertThrows(SyncFactoryException.class, () -> granted("runtime", "setSyncFactory", () -> extension.run("setRowSetNamingContext")));
    }

    @ParameterizedTest
    @CsvSource({"setBeanInfoSearchPath", "registerPropertyEditor", "setEditorSearchPath"})
    void theBeansSearchPathsAndEditorsAreEveryPropertysWrite(String action) throws Exception {
        String[] beanInfoPath = Introspector.getBeanInfoSearchPath();
        String[] editorPath = PropertyEditorManager.getEditorSearchPath();

        assertDenied("property * write", () -> extension.run(action));
        assertArrayEquals(beanInfoPath, Introspector.getBeanInfoSearchPath());
        assertArrayEquals(editorPath, PropertyEditorManager.getEditorSearchPath());
        assertNull(PropertyEditorManager.findEditor(LibrarySettingActions.class));
    }

    @Test
    void designTimeIsEveryPropertysWrite() throws Exception {
        assertDenied("property * write", () -> extension.run("setDesignTime", true));
        assertFalse(Beans.isDesignTime());

        try {
            granted("property", "*", () -> extension.run("setDesignTime", true));
            assertTrue(Beans.isDesignTime());
        } finally {
            Beans.setDesignTime(false);
        }
        DECIDER.forgetRequests();
        trusted.run("setDesignTime", false);
        assertNoExtensionRequest();
    }

    @Test
    void theReflectionFactoryIsDeniedAndHandedOutWhenGranted() throws Exception {
        assertDenied("runtime reflectionFactoryAccess", () -> extension.run("reflectionFactory"));

        assertNotNull(granted("runtime", "reflectionFactoryAccess", () -> extension.run("reflectionFactory")));
        assertNotNull(trusted.run("reflectionFactory"));
    }

    private static Logger currentRowSetLogger() {
        try {
            return SyncFactory.getLogger();
        } catch (SyncFactoryException noneSet) {
            return null;
        }
    }

    /** A driver of the platform's that connects nowhere. */
    private static final class PlatformDriver implements Driver {
        @Override
        public Connection connect(String url, Properties info) {
            return null;
        }

        @Override
        public boolean acceptsURL(String url) {
            return false;
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
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
            return Logger.getLogger("gatehouse.test.jdbc");
        }
    }
}
