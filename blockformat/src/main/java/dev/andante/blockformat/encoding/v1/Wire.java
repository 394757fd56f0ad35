package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.trace.WireCursor;

/**
 * A {@link WireCursor} with the tags of the OTLP trace messages that a v1 block is written from.
 * Reads as protobuf's parser does: a field whose tag (number and wire type) is not
 * one of those known is skipped; a scalar field seen twice keeps its last value. Malformed bytes
 * throw {@link IllegalArgumentException}. Not thread safe.
 */
final class Wire extends WireCursor {
  // TracesData.
  static final int TRACES_DATA_RESOURCE_SPANS = tag(1, LEN);
  // ResourceSpans.
  static final int RESOURCE_SPANS_RESOURCE = tag(1, LEN);
  static final int RESOURCE_SPANS_SCOPE_SPANS = tag(2, LEN);
  static final int RESOURCE_SPANS_SCHEMA_URL = tag(3, LEN);
  // Resource.
  static final int RESOURCE_ATTRIBUTES = tag(1, LEN);
  static final int RESOURCE_DROPPED_ATTRIBUTES = tag(2, VARINT);
  static final int RESOURCE_ENTITY_REFS = tag(3, LEN);
  // ScopeSpans.
  static final int SCOPE_SPANS_SCOPE = tag(1, LEN);
  static final int SCOPE_SPANS_SPANS = tag(2, LEN);
  static final int SCOPE_SPANS_SCHEMA_URL = tag(3, LEN);
  // InstrumentationScope.
  static final int SCOPE_NAME = tag(1, LEN);
  static final int SCOPE_VERSION = tag(2, LEN);
  static final int SCOPE_ATTRIBUTES = tag(3, LEN);
  static final int SCOPE_DROPPED_ATTRIBUTES = tag(4, VARINT);
  // Span.
  static final int SPAN_SPAN_ID = tag(2, LEN);
  static final int SPAN_TRACE_STATE = tag(3, LEN);
  static final int SPAN_PARENT_SPAN_ID = tag(4, LEN);
  static final int SPAN_NAME = tag(5, LEN);
  static final int SPAN_KIND = tag(6, VARINT);
  static final int SPAN_START = tag(7, I64);
  static final int SPAN_END = tag(8, I64);
  static final int SPAN_ATTRIBUTES = tag(9, LEN);
  static final int SPAN_DROPPED_ATTRIBUTES = tag(10, VARINT);
  static final int SPAN_EVENTS = tag(11, LEN);
  static final int SPAN_DROPPED_EVENTS = tag(12, VARINT);
  static final int SPAN_LINKS = tag(13, LEN);
  static final int SPAN_DROPPED_LINKS = tag(14, VARINT);
  static final int SPAN_STATUS = tag(15, LEN);
  static final int SPAN_FLAGS = tag(16, I32);
  // Status.
  static final int STATUS_MESSAGE = tag(2, LEN);
  static final int STATUS_CODE = tag(3, VARINT);
  // KeyValue.
  static final int KEY_VALUE_KEY = tag(1, LEN);
  static final int KEY_VALUE_VALUE = tag(2, LEN);
  // AnyValue.
  static final int ANY_STRING = tag(1, LEN);
  static final int ANY_BOOL = tag(2, VARINT);
  static final int ANY_INT = tag(3, VARINT);
  static final int ANY_DOUBLE = tag(4, I64);
  static final int ANY_ARRAY = tag(5, LEN);
  static final int ANY_KVLIST = tag(6, LEN);
  static final int ANY_BYTES = tag(7, LEN);

  Wire(byte[] buf) {
    super(buf, Wire::malformed);
  }

  static IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException("Cannot read trace bytes: " + what);
  }

  /** Bytes needed to write {@code value} as a varint. */
  static int varintSize(long value) {
    int n = 1;
    while ((value & ~0x7fL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }
}
