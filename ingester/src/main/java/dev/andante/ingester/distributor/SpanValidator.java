package dev.andante.ingester.distributor;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.TraceId;
import io.opentelemetry.proto.trace.v1.Span;

/** Checks the IDs of one span. Stateless. */
final class SpanValidator {
  static final int SPAN_ID_LENGTH = 8;

  private SpanValidator() {}

  /** What is wrong with {@code span}'s IDs, or null when they are well formed. */
  static String problem(Span span) {
    ByteString traceId = span.getTraceId();
    if (traceId.size() != TraceId.LENGTH) {
      return "trace_id must be " + TraceId.LENGTH + " bytes, got " + traceId.size();
    }
    if (isAllZero(traceId)) {
      return "trace_id must not be all zero";
    }
    ByteString spanId = span.getSpanId();
    if (spanId.size() != SPAN_ID_LENGTH) {
      return "span_id must be " + SPAN_ID_LENGTH + " bytes, got " + spanId.size();
    }
    if (isAllZero(spanId)) {
      return "span_id must not be all zero";
    }
    int parent = span.getParentSpanId().size();
    if (parent != 0 && parent != SPAN_ID_LENGTH) {
      return "parent_span_id must be empty or " + SPAN_ID_LENGTH + " bytes, got " + parent;
    }
    return null;
  }

  private static boolean isAllZero(ByteString bytes) {
    for (int i = 0; i < bytes.size(); i++) {
      if (bytes.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
