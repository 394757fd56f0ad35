package dev.andante.blockformat.encoding.v1;

/**
 * A cursor over protobuf-encoded bytes, with the tags of the OTLP trace messages that a v1 block is
 * written from. Reads as protobuf's parser does: a field whose tag (number and wire type) is not
 * one of those known is skipped; a scalar field seen twice keeps its last value. Malformed bytes
 * throw {@link IllegalArgumentException}. Not thread safe.
 */
final class Wire {
  static final int VARINT = 0;
  static final int I64 = 1;
  static final int LEN = 2;
  static final int START_GROUP = 3;
  static final int END_GROUP = 4;
  static final int I32 = 5;

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

  final byte[] buf;
  int pos;

  Wire(byte[] buf) {
    this.buf = buf;
  }

  static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** The next tag; the cursor must be before {@code end}. */
  int tag(int end) {
    long tag = varint(end);
    if (tag <= 0 || tag > Integer.MAX_VALUE) {
      throw malformed("invalid tag " + tag);
    }
    return (int) tag;
  }

  long varint(int end) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw malformed("a varint runs past its message");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("a varint is longer than 10 bytes");
  }

  /** The length of a length-delimited field; the cursor is then at its first byte. */
  int length(int end) {
    long length = varint(end);
    if (length < 0 || length > end - pos) {
      throw malformed("a length of " + length + " runs past its message");
    }
    return (int) length;
  }

  long fixed64(int end) {
    if (end - pos < 8) {
      throw malformed("a fixed64 runs past its message");
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  int fixed32(int end) {
    if (end - pos < 4) {
      throw malformed("a fixed32 runs past its message");
    }
    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  /** Skips the value of a field whose tag was just read. */
  void skip(int tag, int end) {
    switch (tag & 7) {
      case VARINT -> varint(end);
      case I64 -> advance(8, end);
      case LEN -> {
        int length = length(end); // before reading pos: the length moves it
        pos += length;
      }
      case I32 -> advance(4, end);
      case START_GROUP -> {
        int endTag = (tag & ~7) | END_GROUP;
        while (true) {
          if (pos >= end) {
            throw malformed("a group is not closed");
          }
          int inner = tag(end);
          if (inner == endTag) {
            return;
          }
          skip(inner, end);
        }
      }
      default -> throw malformed("unexpected wire type " + (tag & 7));
    }
  }

  private void advance(int n, int end) {
    if (end - pos < n) {
      throw malformed("a field runs past its message");
    }
    pos += n;
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
