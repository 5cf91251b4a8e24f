package org.gatehouse.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.gatehouse.itest.support.ElementXml;
import org.gatehouse.itest.support.LoopbackUpstream;
import org.gatehouse.itest.support.RawHttpConnection;
import org.gatehouse.itest.support.RecordedLog;
import org.gatehouse.itest.support.TestClients;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code conf/element.xml} rewritten while the element runs: a valid change (a new route to a new
 * pool, a new listener) is applied without dropping an established keep-alive connection; a
 * removed listener stops accepting; an invalid change is reported with file, line:column and
 * element path and the running configuration keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LiveReconfigurationIT extends GatehouseFrameworkTestBase {

    private static LoopbackUpstream blue;
    private static LoopbackUpstream green;

    @Configuration
    public Option[] configuration() {
        blue = LoopbackUpstream.start("blue");
        green = LoopbackUpstream.start("green");
        Path conf = newConfDir();
        baseConfig(blue.port(), "initial").writeTo(conf);
        return gatehouseFramework(conf, Map.of(
                "itest.blue.port", String.valueOf(blue.port()),
                "itest.green.port", String.valueOf(green.port())));
    }

    /** The configuration every test starts from: one listener, /app to blue. */
    private static ElementXml baseConfig(int bluePort, String name) {
        return new ElementXml().named(name)
                .listener("web", "http", 0)
                .pool("blue", "10s", bluePort)
                .route("app", "/app", "blue");
    }

    private int port(String upstream) {
        return Integer.parseInt(requiredProperty("itest." + upstream + ".port"));
    }

    @Test
    public void validChangeAddsRouteAndListenerWhileAnEstablishedConnectionKeepsWorking() throws Exception {
        int webPort = listenerPort("web");
        try (RawHttpConnection connection = RawHttpConnection.open(webPort)) {
            assertEquals(200, connection.get("/app/before", "localhost").status());
            // on its own connection: the element may close a connection after an error answer
            assertEquals("no route to green yet", 404, get(TestClients.http1(),
                    URI.create("http://127.0.0.1:" + webPort + "/green/before")).statusCode());
            long before = dataPlane().generation();

            baseConfig(port("blue"), "with-green")
                    .listener("extra", "http", 0)
                    .pool("green", "10s", port("green"))
                    .route("green", "/green", "green")
                    .writeTo(confDir());
            awaitGenerationAfter(before);

            RawHttpConnection.Response greenAnswer = connection.get("/green/after", "localhost");
            assertEquals(greenAnswer.body(), 200, greenAnswer.status());
            assertEquals("green", greenAnswer.headers().get("x-upstream"));
            RawHttpConnection.Response blueAnswer = connection.get("/app/after", "localhost");
            assertEquals(blueAnswer.body(), 200, blueAnswer.status());
            assertEquals("blue", blueAnswer.headers().get("x-upstream"));
        }
        assertEquals("an unchanged listener keeps its port", webPort, listenerPort("web"));
        assertEquals("with-green", dataPlane().elementName());
        String viaNewListener = get(TestClients.http1(),
                URI.create("http://127.0.0.1:" + listenerPort("extra") + "/green/new-listener")).body();
        assertTrue(viaNewListener, viaNewListener.contains("upstream=green\n"));
    }

    @Test
    public void removedListenerStopsAccepting() throws Exception {
        long before = dataPlane().generation();
        baseConfig(port("blue"), "with-temporary").listener("temporary", "http", 0).writeTo(confDir());
        long withTemporary = awaitGenerationAfter(before);
        int temporaryPort = listenerPort("temporary");
        assertEquals(200, get(TestClients.http1(), URI.create("http://127.0.0.1:" + temporaryPort + "/app/t")).statusCode());

        baseConfig(port("blue"), "without-temporary").writeTo(confDir());
        awaitGenerationAfter(withTemporary);

        assertFalse(dataPlane().boundAddresses().containsKey("temporary"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", temporaryPort), 2000);
            fail("the removed listener still accepts connections on " + temporaryPort);
        } catch (ConnectException expected) {
            // refused: nothing listens there any more
        }
    }

    @Test
    public void invalidChangeIsReportedAndTheRunningConfigurationKeepsServing() throws Exception {
        try (RecordedLog log = RecordedLog.start();
                RawHttpConnection connection = RawHttpConnection.open(listenerPort("web"))) {
            long before = dataPlane().generation();
            String running = dataPlane().elementName();
            // line 3 is the first listener; a port must be a number
            String invalid = baseConfig(port("blue"), "invalid").render().replace("port=\"0\"", "port=\"eighty\"");
            ElementXml.replaceAtomically(confDir().resolve(ElementXml.FILE_NAME), invalid);

            String report = log.await(Pattern.compile("element\\.xml \\[3:\\d+\\] /element/listener"), PATIENCE);

            assertEquals("the invalid file was not applied (" + report + ")", before, dataPlane().generation());
            assertEquals(running, dataPlane().elementName());
            assertEquals(200, connection.get("/app/still-serving", "localhost").status());
            assertEquals(200, get(TestClients.http1(),
                    URI.create("http://127.0.0.1:" + listenerPort("web") + "/app/new-connection")).statusCode());

            // the watcher is still alive: the next valid file is applied, as the very next generation
            baseConfig(port("blue"), "repaired").writeTo(confDir());
            assertEquals(before + 1, awaitGenerationAfter(before));
            assertEquals("repaired", dataPlane().elementName());
            assertEquals(200, connection.get("/app/after-repair", "localhost").status());
        }
    }
}
