package org.gatehouse.extension.manager.internal.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.extension.manager.api.LoadAlerts;

/**
 * Alerts on denied and conditional loads (docs/extensions.md "Alerts"): each one is a log line
 * (warning) and a count by outcome at once, on the caller's thread; when a webhook is configured
 * it is also queued (at most {@value #QUEUE} waiting; past that dropped and counted) and posted by
 * one daemon thread of its own as a JSON body, each attempt bounded by the configured timeout,
 * retried a second apart then doubling. Nothing of the post is on the path of the install: an
 * install neither waits for it nor fails because of it. Failures are logged and counted.
 *
 * <pre>{@code
 * LoadAlerter alerts = LoadAlerter.start(AlertSettings.from(context::getProperty));
 * alerts.alert(new LoadAlert(...));
 * alerts.close();
 * }</pre>
 */
public final class LoadAlerter implements AutoCloseable {
    static final int QUEUE = 64;
    private static final Logger LOG = System.getLogger("org.gatehouse.extension.manager.alert");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertSettings settings;
    private final BlockingQueue<LoadAlert> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder denied = new LongAdder();
    private final LongAdder conditional = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final HttpClient client;
    private final Thread poster;
    private volatile boolean closed;

    private LoadAlerter(AlertSettings settings) {
        this.settings = settings;
        if (settings.url().isPresent()) {
            client = HttpClient.newBuilder().sslContext(settings.sslContext()).connectTimeout(settings.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            poster = new Thread(this::post, "gatehouse-load-alerts");
            poster.setDaemon(true);
            poster.start();
        } else {
            client = null;
            poster = null;
        }
    }

    public static LoadAlerter start(AlertSettings settings) {
        return new LoadAlerter(settings);
    }

    /** Logs, counts and queues the alert; never blocks and never throws. */
    public void alert(LoadAlert alert) {
        (LoadAlert.DENIED.equals(alert.outcome()) ? denied : conditional).increment();
        LOG.log(Level.WARNING, alert.logLine());
        if (poster != null && !closed && !queue.offer(alert)) {
            dropped.increment();
            LOG.log(Level.ERROR, "load alert for " + alert.symbolicName() + " " + alert.version() + " not posted: " + QUEUE
                    + " alerts wait already");
        }
    }

    public LoadAlerts counts() {
        return new LoadAlerts(denied.sum(), conditional.sum(), sent.sum(), failed.sum(), dropped.sum());
    }

    /** The webhook's JSON body. */
    static byte[] body(LoadAlert alert) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", alert.time().toString());
        node.put("outcome", alert.outcome());
        node.put("extension", alert.symbolicName());
        node.put("version", alert.version());
        node.put("sha256", alert.sha256());
        ArrayNode conditions = node.putArray("conditions");
        alert.conditions().forEach(conditions::add);
        ArrayNode reasons = node.putArray("reasons");
        alert.reasons().forEach(reasons::add);
        node.put("uploader", alert.uploader());
        node.put("fileName", alert.fileName());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void post() {
        while (!closed) {
            LoadAlert alert;
            try {
                alert = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (alert != null) {
                deliver(alert);
            }
        }
    }

    private void deliver(LoadAlert alert) {
        HttpRequest request = HttpRequest.newBuilder(settings.url().orElseThrow()).timeout(settings.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body(alert))).build();
        String last = "";
        long pause = 1000;
        for (int attempt = 1; attempt <= settings.attempts() && !closed; attempt++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    sent.increment();
                    return;
                }
                last = "answered " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
            if (attempt < settings.attempts() && !sleep(pause)) {
                break;
            }
            pause *= 2;
        }
        failed.increment();
        LOG.log(Level.ERROR, "load alert for " + alert.symbolicName() + " " + alert.version() + " not posted to "
                + settings.url().orElseThrow() + " after " + settings.attempts() + " attempt(s): " + last);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the poster; alerts still queued are logged already and are not posted. */
    @Override
    public void close() {
        closed = true;
        if (poster != null) {
            poster.interrupt();
        }
    }
}
