package dev.andante.querier.testing;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Builds small traces with chosen span IDs and times, to split across blocks and sources. */
public final class Spans {
  private Spans() {}

  /** A span of {@code trace} with span ID {@code spanId}, starting at {@code start}, 25 ms long. */
  public static Span span(TraceId trace, long spanId, long parentId, String name, Instant start) {
    long startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    Span.Builder b = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(trace.bytes()))
        .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(spanId).array()))
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(startNanos)
        .setEndTimeUnixNano(startNanos + 25_000_000L)
        .addAttributes(string("http.request.method", "GET"))
        .addAttributes(string("http.route", "/api/cart/{id}"))
        .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
            .setValue(AnyValue.newBuilder().setIntValue(200)))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
    if (parentId != 0) {
      b.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(parentId).array()));
    }
    return b.build();
  }

  /** The spans as one batch of service {@code service}. */
  public static ResourceSpans batch(String service, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder()
            .addAttributes(string("service.name", service))
            .addAttributes(string("deployment.environment", "prod")))
        .addScopeSpans(ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.servlet").setVersion("2.9.0"))
            .addAllSpans(Arrays.asList(spans)))
        .build();
  }

  public static Trace trace(TraceId id, ResourceSpans... batches) {
    return new Trace(id, List.of(batches));
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
