package org.gatehouse.extension.manager.internal.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gatehouse.extension.manager.api.Uploader;

/**
 * The element in a child JVM for {@link CrashConsistencyTest}: starts on a home folder, runs one
 * operation, and at the named step prints {@code AT <step>} and waits to be killed
 * ({@code destroyForcibly}, SIGKILL). Prints {@code DONE} if the step never came.
 *
 * <p>The one framework test that leaves the test JVM: a SIGKILL has to end the whole process
 * that holds the store and the framework, mid-step, which no in-JVM stop can imitate. The
 * framework inside is still {@link ManagerFramework} on the shared {@code TestFramework}; only
 * the child process and its kill are particular to {@link CrashConsistencyTest}.
 *
 * <p>Arguments: {@code <root> <step> install <jar> [policy] | upgrade <name> <jar> | disable <name>
 * | remove <name> | replace-policy <name> <policy>}.
 */
public final class CrashingElement {
    private CrashingElement() {
    }

    public static void main(String[] args) throws Exception {
        ManagerFramework element = ManagerFramework.start(Path.of(args[0]));
        String crashAt = args[1];
        ((StoreBackedExtensionManager) element.manager).observeSteps(step -> {
            if (step.equals(crashAt)) {
                System.out.println("AT " + step);
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Uploader uploader = new Uploader("crash-test", "upload.jar");
        switch (args[2]) {
            case "install" -> element.manager.install(Path.of(args[3]),
                    args.length > 4 ? Optional.of(Files.readAllBytes(Path.of(args[4]))) : Optional.empty(), uploader);
            case "upgrade" -> element.manager.upgrade(args[3], Path.of(args[4]), Optional.empty(), uploader);
            case "disable" -> element.manager.disable(args[3]);
            case "remove" -> element.manager.remove(args[3]);
            case "replace-policy" -> element.manager.replacePolicy(args[3], Files.readAllBytes(Path.of(args[4])), uploader);
            default -> throw new IllegalArgumentException("unknown operation " + args[2]);
        }
        System.out.println("DONE");
        System.out.flush();
        element.close();
        System.exit(0);
    }
}
