package dev.andante.blockformat.trace;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A cursor over protobuf wire format in a byte array, for code that walks OTLP messages without
 * building them. Every read is bounded by the {@code end} of the enclosing message; malformed bytes
 * (a bad tag, a varint or length past its message, an unclosed group) fail with the exception the
 * owner's {@code malformed} function makes of a short description. Not thread safe.
 */
public class WireCursor {
  public static final int VARINT = 0;
  public static final int I64 = 1;
  public static final int LEN = 2;
  public static final int START_GROUP = 3;
  public static final int END_GROUP = 4;
  public static final int I32 = 5;

  public final byte[] buf;
  public int pos;
  private final Function<String, ? extends RuntimeException> malformed;

  /**
   * @param malformed makes the exception thrown for malformed bytes from what was wrong, e.g.
   *     "a varint runs past its message"
   */
  public WireCursor(byte[] buf, Function<String, ? extends RuntimeException> malformed) {
    if (buf == null || malformed == null) {
      throw new IllegalArgumentException("buf and malformed must not be null");
    }
    this.buf = buf;
    this.malformed = malformed;
  }

  /** The tag of field {@code field} with wire type {@code wireType}. */
  public static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** The next tag; the cursor must be before {@code end}. */
  public int tag(int end) {
    long tag = varint(end);
    if (tag <= 0 || tag > Integer.MAX_VALUE) {
      throw fail("invalid tag " + tag);
    }
    return (int) tag;
  }

  public long varint(int end) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw fail("a varint runs past its message");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw fail("a varint is longer than 10 bytes");
  }

  /** The length of a length-delimited field; the cursor is then at its first byte. */
  public int length(int end) {
    long length = varint(end);
    if (length < 0 || length > end - pos) {
      throw fail("a length of " + length + " runs past its message");
    }
    return (int) length;
  }

  /** The payload of the length-delimited field whose tag was just read; the cursor moves past it. */
  public ByteBuffer slice(int end) {
    int length = length(end);
    ByteBuffer slice = ByteBuffer.wrap(buf, pos, length);
    pos += length;
    return slice;
  }

  public long fixed64(int end) {
    if (end - pos < 8) {
      throw fail("a fixed64 runs past its message");
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = v << 8 | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  public int fixed32(int end) {
    if (end - pos < 4) {
      throw fail("a fixed32 runs past its message");
    }
    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  /** Skips the value of a field whose tag was just read, groups included. */
  public void skip(int tag, int end) {
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
            throw fail("a group is not closed");
          }
          int inner = tag(end);
          if (inner == endTag) {
            return;
          }
          skip(inner, end);
        }
      }
      default -> throw fail("unexpected wire type " + (tag & 7));
    }
  }

  private void advance(int n, int end) {
    if (end - pos < n) {
      throw fail("a field runs past its message");
    }
    pos += n;
  }

  private RuntimeException fail(String what) {
    return malformed.apply(what);
  }
}
