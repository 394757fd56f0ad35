package dev.andante.ingester.distributor;

import com.google.protobuf.UnsafeByteOperations;

/**
 * Walks protobuf wire format in a byte array without building messages, checking as much as the
 * protobuf parser would: tags, varints, lengths within bounds, and UTF-8 in every string field of
 * the OTLP trace messages ({@link Schema}). Not thread safe; one per request.
 */
final class WireReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;
  /** The protobuf parser's default recursion limit. */
  private static final int MAX_DEPTH = 100;

  final byte[] buf;
  int pos;
  int limit;

  WireReader(byte[] buf) {
    this.buf = buf;
    this.limit = buf.length;
  }

  boolean hasMore() {
    return pos < limit;
  }

  /** The next tag; its field number is {@code tag >>> 3}, its wire type {@code tag & 7}. */
  int tag() {
    long tag = varint();
    if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
      throw malformed("invalid tag " + tag);
    }
    return (int) tag;
  }

  long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed("the input ends inside a varint");
      }
      byte b = buf[pos++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed("malformed varint");
  }

  /** Reads a length prefix and checks that many bytes follow within the current message. */
  int length() {
    long length = varint();
    if (length < 0 || length > limit - pos) {
      throw malformed("a length of " + length + " runs past the end of its message");
    }
    return (int) length;
  }

  /** Skips the value of a field of {@code wireType} whose tag was just read. */
  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LEN -> pos += length();
      case FIXED32 -> advance(4);
      default -> throw malformed("unsupported wire type " + wireType);
    }
  }

  private void advance(int bytes) {
    if (limit - pos < bytes) {
      throw malformed("the input ends inside a fixed-width field");
    }
    pos += bytes;
  }

  /**
   * Checks the value of one field of message {@code type} whose tag was just read, and moves past
   * it. {@code depth} is the nesting of the enclosing message.
   */
  void field(Schema type, int tag, int depth) {
    int wireType = tag & 7;
    if (wireType != LEN) {
      skip(wireType);
      return;
    }
    int length = length();
    Schema child = type.child(tag >>> 3);
    if (child == Schema.STRING) {
      checkUtf8(pos, length);
      pos += length;
    } else if (child == null) {
      pos += length;
    } else {
      message(child, length, depth + 1);
    }
  }

  /** Checks a message of {@code type} of {@code length} bytes at the position, and moves past it. */
  void message(Schema type, int length, int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed("messages are nested more than " + MAX_DEPTH + " deep");
    }
    int outer = limit;
    limit = pos + length;
    while (pos < limit) {
      field(type, tag(), depth);
    }
    limit = outer;
  }

  void checkUtf8(int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (buf[i] < 0) {
        if (!UnsafeByteOperations.unsafeWrap(buf, i, end - i).isValidUtf8()) {
          throw malformed("a string field holds invalid UTF-8");
        }
        return;
      }
    }
  }

  MalformedRequestException malformed(String what) {
    return new MalformedRequestException(
        "Cannot decode ExportTraceServiceRequest from protobuf: " + what + " (at byte " + pos + ")");
  }
}
