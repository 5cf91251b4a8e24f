package org.gatehouse.bench.sandbox;

import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.gatehouse.bench.sandbox.extension.FileExists;
import org.gatehouse.bench.sandbox.extension.FileExistsDenied;
import org.gatehouse.bench.sandbox.extension.PropertyRead;
import org.gatehouse.bench.sandbox.extension.PropertyWrite;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sensitive operation called from extension code (classes of {@link ExtensionClassLoader}),
 * the same four operations in every variant. Each subclass is one variant, run in its own forked
 * JVM with the flags it needs ({@code @Fork} on the subclass) and guarded in {@link #guard}.
 *
 * <p>Before measuring, {@link #setUp} proves the variant does what its name says: the granted
 * operations succeed, and the operation on the restricted file is denied when the variant guards
 * anything (else the trial fails rather than measure an unguarded call under a guarded name).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ExtensionOperationBenchmark {
    static final int DEEP = 32;
    private Predicate<String> fileExists;
    private Function<String, SecurityException> fileExistsDenied;
    private BinaryOperator<String> propertyWrite;
    private UnaryOperator<String> propertyRead;
    private String grantedPath;
    private String restrictedPath;

    /** Puts the variant's guard in place (nothing, the agent's decider, a SecurityManager). */
    protected abstract void guard(BenchEnvironment env);

    /** Whether the variant denies the restricted file to the extension. */
    protected abstract boolean denies();

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        BenchEnvironment env = BenchEnvironment.create();
        ExtensionClassLoader extension = env.extension();
        fileExists = extension.instance(FileExists.class, Predicate.class);
        fileExistsDenied = extension.instance(FileExistsDenied.class, Function.class);
        propertyWrite = extension.instance(PropertyWrite.class, BinaryOperator.class);
        propertyRead = extension.instance(PropertyRead.class, UnaryOperator.class);
        grantedPath = env.grantedFile().toString();
        restrictedPath = env.restrictedFile().toString();
        guard(env);
        proveVariant();
    }

    private void proveVariant() {
        if (!fileExists.test(grantedPath)) {
            throw new IllegalStateException("the extension cannot see the granted file " + grantedPath);
        }
        propertyWrite.apply(BenchEnvironment.PROPERTY_KEY, "set");
        if (!"set".equals(propertyRead.apply(BenchEnvironment.PROPERTY_KEY))) {
            throw new IllegalStateException("the extension's property write did not happen");
        }
        SecurityException denial = fileExistsDenied.apply(restrictedPath);
        if (denies() != (denial != null)) {
            throw new IllegalStateException("this variant should " + (denies() ? "" : "not ")
                    + "deny the restricted file, but got " + denial);
        }
    }

    /** {@code new File(granted).exists()}: a granted {@code file read}. */
    @Benchmark
    public boolean fileExistsGranted() {
        return fileExists.test(grantedPath);
    }

    /**
     * The same granted {@code File.exists} with {@value #DEEP} more trusted frames below the
     * extension: a whole-stack decision walks them all, as the SecurityManager's did.
     */
    @Benchmark
    public boolean fileExistsGrantedDeep() {
        return below(DEEP);
    }

    private boolean below(int frames) {
        return frames == 0 ? fileExists.test(grantedPath) : below(frames - 1);
    }

    /** {@code System.setProperty("gatehouse.bench.key", ..)}: a granted {@code property write}. */
    @Benchmark
    public String propertyWriteGranted() {
        return propertyWrite.apply(BenchEnvironment.PROPERTY_KEY, "value");
    }

    /** {@code System.getProperty("gatehouse.bench.key")}: a granted {@code property read}. */
    @Benchmark
    public String propertyRead() {
        return propertyRead.apply(BenchEnvironment.PROPERTY_KEY);
    }

    /** {@code new File(restricted).exists()} caught by the extension: the denial and its exception. */
    @Benchmark
    public SecurityException fileExistsDenied() {
        return fileExistsDenied.apply(restrictedPath);
    }
}
