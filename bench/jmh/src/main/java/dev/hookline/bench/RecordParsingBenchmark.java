package dev.hookline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.parse.BodyFormat;
import dev.hookline.core.inbound.parse.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Splitting ingest bodies into records: one 1 KiB object, a JSON array of 100 of them, and the same as NDJSON. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordParsingBenchmark {

    private byte[] object;
    private byte[] array;
    private byte[] ndjson;

    @Setup
    public void setUp() {
        String one = Inputs.jsonBody(1024);
        object = one.getBytes(StandardCharsets.UTF_8);
        array = ("[" + String.join(",", java.util.Collections.nCopies(100, one)) + "]").getBytes(StandardCharsets.UTF_8);
        ndjson = String.join("\n", java.util.Collections.nCopies(100, one)).getBytes(StandardCharsets.UTF_8);
        if (jsonArray().size() != 100 || ndjson().size() != 100 || jsonObject().size() != 1) {
            throw new IllegalStateException("the parser did not split the benchmark's bodies as expected");
        }
    }

    @Benchmark
    public List<JsonNode> jsonObject() {
        return RecordParser.parse(object, "application/json", BodyFormat.AUTO);
    }

    @Benchmark
    public List<JsonNode> jsonArray() {
        return RecordParser.parse(array, "application/json", BodyFormat.AUTO);
    }

    @Benchmark
    public List<JsonNode> ndjson() {
        return RecordParser.parse(ndjson, "application/x-ndjson", BodyFormat.AUTO);
    }
}
