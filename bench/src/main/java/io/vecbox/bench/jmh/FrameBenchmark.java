package io.vecbox.bench.jmh;

import io.vecbox.protocol.Message;
import io.vecbox.protocol.MessageDecoder;
import io.vecbox.protocol.MessageEncoder;
import io.vecbox.protocol.ProtocolException;
import io.vecbox.protocol.Query;
import io.vecbox.protocol.Result;
import io.vecbox.bench.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Protocol payload encode and decode (MessagePack, as each frame carries it) of typical messages:
 * a primary-key query and its one-row result, and a KNN query with a float[384] vector and its
 * ten-row result. One encoder and one decoder per thread, reused as the pool and the worker reuse
 * theirs. Sample mode: read the p0.50 line (see {@link GateBenchmark}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameBenchmark {
    private final MessageEncoder encoder = new MessageEncoder();
    private final MessageDecoder decoder = new MessageDecoder();
    private Query pkQuery;
    private Result pkResult;
    private Query knnQuery;
    private Result knnResult;
    private byte[] pkQueryBytes;
    private byte[] pkResultBytes;
    private byte[] knnQueryBytes;
    private byte[] knnResultBytes;

    @Setup
    public void setUp() {
        pkQuery = new Query(41, Workload.PK_SQL, List.of(12_345L), 10_000, 16L << 20, 30_000);
        pkResult = new Result(41, List.of("id", "name", "score"), List.of(List.of(12_345L, "item-12345", 0.625)), 0, 0,
                false, 9_000, List.of());
        byte[] vector = new byte[384 * Float.BYTES];
        new Random(1).nextBytes(vector);
        knnQuery = new Query(42, Workload.KNN_SQL, List.of(vector), 10_000, 16L << 20, 30_000);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(List.of(1_000L + i, 0.5 + i / 100.0));
        }
        knnResult = new Result(42, List.of("rowid", "distance"), rows, 0, 0, false, 85_000_000, List.of());
        pkQueryBytes = encoder.encode(pkQuery).toByteArray();
        pkResultBytes = encoder.encode(pkResult).toByteArray();
        knnQueryBytes = encoder.encode(knnQuery).toByteArray();
        knnResultBytes = encoder.encode(knnResult).toByteArray();
    }

    @Benchmark
    public int encodePkQuery() {
        return encoder.encode(pkQuery).size();
    }

    @Benchmark
    public Message decodePkQuery() throws ProtocolException {
        return decoder.decode(pkQueryBytes, 0, pkQueryBytes.length);
    }

    @Benchmark
    public int encodePkResult() {
        return encoder.encode(pkResult).size();
    }

    @Benchmark
    public Message decodePkResult() throws ProtocolException {
        return decoder.decode(pkResultBytes, 0, pkResultBytes.length);
    }

    @Benchmark
    public int encodeKnnQuery() {
        return encoder.encode(knnQuery).size();
    }

    @Benchmark
    public Message decodeKnnQuery() throws ProtocolException {
        return decoder.decode(knnQueryBytes, 0, knnQueryBytes.length);
    }

    @Benchmark
    public Message decodeKnnResult() throws ProtocolException {
        return decoder.decode(knnResultBytes, 0, knnResultBytes.length);
    }
}
