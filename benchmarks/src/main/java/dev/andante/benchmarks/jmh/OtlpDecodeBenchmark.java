package dev.andante.benchmarks.jmh;

import dev.andante.blockformat.trace.OtlpJson;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.distributor.PushResult;
import dev.andante.ingester.otlp.OtlpCodec;
import dev.andante.ingester.otlp.OtlpFormat;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receiving end of the write path, before anything is kept: decoding an OTLP export request,
 * and the distributor's validation and per-trace split of it. The sink the distributor hands the
 * pieces to accepts them and does nothing, so the ingester's memory and write-ahead log are not in
 * these figures. Requests are a Collector-style batch of about {@link #spansPerRequest} spans of
 * many traces. One operation is one request; {@code :spans} is spans per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class OtlpDecodeBenchmark {
  @Param("512")
  public int spansPerRequest;

  /** How many distinct requests are sent in turn; fewer in the unit test. */
  int requests = 64;

  private byte[][] protobuf;
  private byte[][] json;
  private ExportTraceServiceRequest[] decoded;
  private int[] spans;
  private Distributor distributor;

  @Setup(Level.Trial)
  public void setUp() {
    List<ExportTraceServiceRequest> generated = Fixtures.requests(requests, spansPerRequest);
    protobuf = new byte[generated.size()][];
    json = new byte[generated.size()][];
    decoded = new ExportTraceServiceRequest[generated.size()];
    spans = new int[generated.size()];
    for (int i = 0; i < generated.size(); i++) {
      protobuf[i] = generated.get(i).toByteArray();
      json[i] = OtlpJson.print(generated.get(i)).getBytes(StandardCharsets.UTF_8);
      decoded[i] = generated.get(i);
      spans[i] = Fixtures.spans(generated.get(i));
    }
    distributor = new Distributor((tenant, pieces) -> List.of());
  }

  /** Protobuf decoding alone, as the gRPC and HTTP receivers do it. */
  @Benchmark
  public ExportTraceServiceRequest parseFrom(Cursor cursor, SpanCounter counter) throws InvalidProtocolBufferException {
    int i = cursor.next(protobuf.length);
    counter.spans += spans[i];
    return ExportTraceServiceRequest.parseFrom(protobuf[i]);
  }

  /**
   * Validation and per-trace split as the receivers do it for a protobuf body: on the wire bytes,
   * into per-trace protobuf pieces (given the bytes, the distributor does not use the decoded request).
   */
  @Benchmark
  public PushResult distribute(Cursor cursor, SpanCounter counter) {
    int i = cursor.next(decoded.length);
    counter.spans += spans[i];
    return distributor.push(Fixtures.TENANT, decoded[i], protobuf[i]);
  }

  /** A full decode before the split, as before receivers pushed bytes: what decoding adds. */
  @Benchmark
  public PushResult decodeAndDistribute(Cursor cursor, SpanCounter counter) {
    int i = cursor.next(protobuf.length);
    counter.spans += spans[i];
    ExportTraceServiceRequest request = OtlpCodec.decode(protobuf[i], OtlpFormat.PROTOBUF);
    return distributor.push(Fixtures.TENANT, request, protobuf[i]);
  }

  /** OTLP/HTTP JSON decoding (hex IDs converted, then protobuf's JSON parser). */
  @Benchmark
  public ExportTraceServiceRequest decodeJson(Cursor cursor, SpanCounter counter) {
    int i = cursor.next(json.length);
    counter.spans += spans[i];
    return OtlpCodec.decode(json[i], OtlpFormat.JSON);
  }
}
