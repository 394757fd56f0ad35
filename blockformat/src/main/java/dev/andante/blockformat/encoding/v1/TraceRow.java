package dev.andante.blockformat.encoding.v1;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.apache.parquet.io.api.Binary;

/**
 * A trace with the row-level columns derived from its spans: time range and root span. The trace
 * is either decoded ({@code trace}) or the protobuf encoding of a TracesData ({@code encoded}); the
 * other is null.
 *
 * @param start earliest span start, 0 without spans
 * @param end latest span end, 0 without spans
 * @param rootServiceName service of the first span without a parent, or null
 * @param rootSpanName name of that span, or null
 */
record TraceRow(TraceId id, Trace trace, byte[] encoded, long start, long end, int spans, Binary rootServiceName, Binary rootSpanName) {

  static TraceRow of(Trace trace) {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    int spans = 0;
    ByteString rootService = null;
    ByteString rootSpan = null;
    for (ResourceSpans rs : trace.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          spans++;
          // Unsigned in OTLP; real times fit in a signed long until 2262.
          start = Math.min(start, span.getStartTimeUnixNano());
          end = Math.max(end, span.getEndTimeUnixNano());
          if (rootSpan == null && span.getParentSpanId().isEmpty()) {
            rootSpan = span.getNameBytes();
            rootService = serviceName(rs);
          }
        }
      }
    }
    if (spans == 0) {
      start = 0;
      end = 0;
    }
    return new TraceRow(trace.id(), trace, null, start, end, spans, binary(rootService), binary(rootSpan));
  }

  private static Binary binary(ByteString value) {
    return value == null ? null : Binary.fromConstantByteArray(value.toByteArray());
  }

  private static ByteString serviceName(ResourceSpans rs) {
    for (KeyValue kv : rs.getResource().getAttributesList()) {
      if (kv.getKey().equals(Schema.SERVICE_NAME) && kv.getValue().hasStringValue()) {
        return kv.getValue().getStringValueBytes();
      }
    }
    return null;
  }
}
