package io.vecbox.supervisor;

import io.vecbox.supervisor.internal.DiagnosticOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options of the worker processes themselves: JVM options, command prefix, environment, the
 * cache and crash-log directories, class-data sharing. Part of {@link WorkerPool.Builder}, split by
 * role.
 *
 * @param <B> the builder, returned by every setter
 */
abstract class WorkerOptions<B extends WorkerOptions<B>> extends QueryOptions<B> {
    List<String> jvmOptions = List.of();
    List<String> commandPrefix = List.of();
    Map<String, String> environment = Map.of();
    Path cacheDirectory;
    Path crashLogDirectory;
    boolean classDataSharing = true;

    WorkerOptions() {
    }

    /**
     * @param jvmOptions extra worker JVM options, placed after the defaults so they win (e.g.
     *     {@code -Xmx1g}); default none. The defaults are {@code -Xlog:disable
     *     -Xlog:all=warning:stderr -Xms8m -Xmx256m -Xss1m
     *     -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData
     *     -XX:+ExitOnOutOfMemoryError
     *     -XX:+DisplayVMOutputToStderr -XX:-CreateCoredumpOnCrash -XX:ErrorFile=<crashLogDirectory>/hs_err_pid%p.log},
     *     followed by {@code -Dorg.sqlite.lib.path=<dir> -Dorg.sqlite.lib.name=<file>} naming
     *     sqlite-jdbc's native library in the cache directory, and with
     *     {@link WorkerPool.Builder#classDataSharing(boolean)} (on by default) {@code -XX:SharedArchiveFile=<archive>}
     *     right after the java executable once the archive exists. The options other than
     *     {@code -D} system properties and {@code -XX:ErrorFile} are part of the archive's key:
     *     another set of them gets (and makes) an archive of its own. Do not pass {@code -Xrs}: it
     *     leaves SIGINT and SIGQUIT at their default action, so a terminal's Ctrl-C or Ctrl-\
     *     would kill the workers.
     *     <p>A worker's stdout carries the protocol, so: what the JVM prints there before the
     *     worker's {@code main} ({@code -XX:StartFlightRecording}'s "Started recording",
     *     {@code --show-version}) is skipped and logged at INFO on {@code io.vecbox.pool.stderr};
     *     unified logging that would print there while the worker runs is given stderr as its
     *     output: {@code -Xlog:<what>} and {@code -Xlog:<what>:stdout[:…]} run as
     *     {@code -Xlog:<what>:stderr[:…]}, {@code -verbose:gc} and {@code -XX:+PrintGC} as
     *     {@code -Xlog:gc:stderr}, {@code -XX:+PrintGCDetails} as {@code -Xlog:gc*:stderr},
     *     {@code -verbose[:class]}, {@code -verbose:module}, {@code -verbose:jni} and a bare
     *     {@code -Xlog} likewise (an INFO line lists what changed). Worker stderr lines other
     *     than WARN and ERROR are logged at TRACE, so for a GC log prefer a file, one per worker
     *     by the JVM's own {@code %p} (pid): {@code -Xlog:gc*:file=/var/log/app/gc-%p.log}. A
     *     flight recording per worker: {@code -XX:StartFlightRecording=filename=<dir>} with an
     *     existing directory (JDK 17 names each file {@code hotspot-pid-<pid>-id-1-<time>.jfr}
     *     and does not expand {@code %p} in {@code filename}; a file name would be written by
     *     every worker in turn, and a WARN says so). A worker writes it when it exits normally,
     *     as on {@code close()}; a worker that is killed leaves none
     * @return this
     * @throws IllegalArgumentException for {@code -XX:+DisplayVMOutputToStdout} or
     *     {@code -XX:-DisplayVMOutputToStderr}, which would send the JVM's own output to stdout
     */
    public B jvmOptions(List<String> jvmOptions) {
        this.jvmOptions = DiagnosticOptions.checked(List.copyOf(jvmOptions));
        return self();
    }

    /**
     * @param commandPrefix a command put in front of the worker's {@code java} command, e.g.
     *     {@code List.of("prlimit", "--as=4294967296", "--cpu=600")} or {@code nice -n 10};
     *     default none. The prefix should exec the command it is given, as {@code prlimit},
     *     {@code nice}, {@code taskset} and {@code env} do (in a script: {@code exec "$@"}), so
     *     that the worker JVM is the process the pool launched. A prefix that forks instead
     *     ({@code timeout 600}, a script without {@code exec}) still works: the pool sees it in
     *     the worker's handshake, logs a WARN once, shows the worker JVM's pid in
     *     {@link WorkerPool#workers()} and signals both processes; but the exit code and signal
     *     in its crash reports are then the prefix's.
     * @return this
     */
    public B commandPrefix(List<String> commandPrefix) {
        this.commandPrefix = List.copyOf(commandPrefix);
        return self();
    }

    /**
     * @param environment the workers' entire environment; the host's environment is not
     *     inherited; default empty
     * @return this
     */
    public B environment(Map<String, String> environment) {
        this.environment = Map.copyOf(new HashMap<>(environment));
        return self();
    }

    /**
     * @param cacheDirectory where the worker jar, sqlite-vec and sqlite-jdbc's native library are
     *     unpacked (verified by hash), once, not per worker start; default
     *     {@code $XDG_CACHE_HOME/vecbox} or {@code ~/.cache/vecbox}
     * @return this
     */
    public B cacheDirectory(Path cacheDirectory) {
        this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        return self();
    }

    /**
     * @param crashLogDirectory where workers write JVM crash logs ({@code hs_err_pid<pid>.log}),
     *     named in crash reports; default {@code <cacheDirectory>/crash-logs}. The newest 20 are
     *     kept: older ones are deleted when a pool starts and after each crash
     * @return this
     */
    public B crashLogDirectory(Path crashLogDirectory) {
        this.crashLogDirectory = Objects.requireNonNull(crashLogDirectory, "crashLogDirectory");
        return self();
    }

    /**
     * Whether workers start on an application class-data archive (AppCDS): the worker's
     * classes laid out once in {@code <cacheDirectory>/class-data/worker-<key>.jsa} and mapped
     * by every later worker, which makes a worker start quicker and share memory. The archive is
     * made in the background the first time a pool starts with a Java runtime, worker jar and
     * JVM options that have none (those first workers start without it); it is checked
     * against its recorded SHA-256 before each use and made again if damaged. Default true.
     *
     * @param classDataSharing false to start workers without an archive and never make one
     * @return this builder
     */
    public B classDataSharing(boolean classDataSharing) {
        this.classDataSharing = classDataSharing;
        return self();
    }
}
