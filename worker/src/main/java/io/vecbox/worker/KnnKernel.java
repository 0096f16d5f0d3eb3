package io.vecbox.worker;

/**
 * The fast half of the KNN scan: float sums over one stored vector and the query in whatever order
 * is quickest (several accumulators, vector lanes). Their results differ from vec0's sequential
 * sums only by rounding, which {@link KnnBounds} bounds; the rows that could be in the top k are
 * then recomputed exactly by {@link Vec0Distance}. Implementations are stateless and thread-safe.
 */
interface KnnKernel {
    /**
     * @param stored floats holding the stored vector from {@code offset}
     * @param query the query vector (its length is the dimension count)
     * @return the sum over all dimensions of {@code (stored - query)^2}, each square rounded to float
     *     and the sum in float, in any order; no fused multiply-add
     */
    float l2Squared(float[] stored, int offset, float[] query);

    /**
     * @param stored floats holding the stored vector from {@code offset}
     * @param query the query vector
     * @param out receives {@code out[0]} = sum of {@code stored * query}, {@code out[1]} = sum of
     *     {@code stored * stored}, each product rounded to float and the sums in float, in any order
     */
    void dotAndNorm(float[] stored, int offset, float[] query, float[] out);

    /** @return a name for logs and benchmarks */
    String name();

    /**
     * @return the fastest kernel this JVM runs well, or null if none beats vec0 here: the Vector API
     *     kernel when the JVM has the incubator module (the class is loaded only then) and C2, the
     *     scalar kernel with C2 alone, and null without C2. The workers' default options stop at
     *     C1 ({@code -XX:TieredStopAtLevel=1}), where the scalar scan took 1.1 to 2 times vec0's
     *     time in measurements and the Vector API, never turned into vector instructions, about
     *     twenty times the scalar loop's; the fast path then declines and vec0 answers.
     */
    static KnnKernel best() {
        if (!optimisingCompiler()) {
            return null;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (KnnKernel) Class.forName("io.vecbox.worker.VectorKernel").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                StderrLog.error("the Vector API kernel did not load; using the scalar one", e);
            }
        }
        return new ScalarKernel();
    }

    /**
     * @return whether HotSpot's C2 compiles hot code here (not stopped at tier 1-3, not interpreted
     *     only). The command line answers "no" for the pool's default options without loading the
     *     management classes (tens of milliseconds on a worker's first KNN query); any other answer
     *     is checked with the VM's flags, which also see options from the environment.
     */
    private static boolean optimisingCompiler() {
        if (commandLineStopsBeforeC2()) {
            return false;
        }
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            int stopAt = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            boolean interpreted = "false".equals(vm.getVMOption("UseCompiler").getValue());
            return !interpreted && (!tiered || stopAt >= 4);
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or no management: assume the worst
        }
    }

    /** @return whether /proc/self/cmdline's last -XX:TieredStopAtLevel is below 4 (false if unreadable) */
    private static boolean commandLineStopsBeforeC2() {
        try {
            String cmdline = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
            String level = null;
            for (String arg : cmdline.split("\u0000")) {
                if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                    level = arg.substring("-XX:TieredStopAtLevel=".length());
                }
            }
            return level != null && level.length() == 1 && level.charAt(0) >= '0' && level.charAt(0) < '4';
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
