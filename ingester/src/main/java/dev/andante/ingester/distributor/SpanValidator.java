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

  /**
   * As {@link #problem(Span)}, for a span still in wire format: its trace ID and span ID at {@code
   * traceId} and {@code spanId} of {@code buf} (offset -1 when absent) and the length of its parent
   * span ID.
   */
  static String problem(byte[] buf, int traceId, int traceIdLength, int spanId, int spanIdLength, int parentLength) {
    if (traceIdLength != TraceId.LENGTH) {
      return "trace_id must be " + TraceId.LENGTH + " bytes, got " + traceIdLength;
    }
    if (isAllZero(buf, traceId, traceIdLength)) {
      return "trace_id must not be all zero";
    }
    if (spanIdLength != SPAN_ID_LENGTH) {
      return "span_id must be " + SPAN_ID_LENGTH + " bytes, got " + spanIdLength;
    }
    if (isAllZero(buf, spanId, spanIdLength)) {
      return "span_id must not be all zero";
    }
    if (parentLength != 0 && parentLength != SPAN_ID_LENGTH) {
      return "parent_span_id must be empty or " + SPAN_ID_LENGTH + " bytes, got " + parentLength;
    }
    return null;
  }

  private static boolean isAllZero(byte[] buf, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (buf[i] != 0) {
        return false;
      }
    }
    return true;
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
