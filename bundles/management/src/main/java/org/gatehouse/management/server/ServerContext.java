package org.gatehouse.management.server;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.gatehouse.management.api.Router;
import org.gatehouse.management.auth.Authenticator;

/** What every connection of one server shares: settings, router, authenticator, upload folder, request threads. */
record ServerContext(ManagementSettings settings, Router router, Authenticator authenticator, Path uploadFolder,
                     ExecutorService requestThreads) {
}
