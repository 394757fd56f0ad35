package dev.andante.blockformat;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 16-byte trace ID. Ordered as unsigned bytes, which is the order of rows in a block.
 * Immutable; {@link #bytes()} returns a copy.
 */
public final class TraceId implements Comparable<TraceId> {
  public static final int LENGTH = 16;
  private static final HexFormat HEX = HexFormat.of();

  private final long high;
  private final long low;

  private TraceId(long high, long low) {
    this.high = high;
    this.low = low;
  }

  public static TraceId of(long high, long low) {
    return new TraceId(high, low);
  }

  /** The ID in {@code bytes}, which must be exactly 16 bytes long. */
  public static TraceId of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "trace ID must be 16 bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    return new TraceId(readLong(bytes, 0), readLong(bytes, 8));
  }

  /**
   * Parses 1–32 hex digits, left-padded with zeros to 16 bytes, as Tempo accepts them in its API.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static TraceId parseHex(String hex) {
    if (hex == null || hex.isEmpty()) {
      throw new IllegalArgumentException("trace ID is empty");
    }
    if (hex.length() > 2 * LENGTH) {
      throw new IllegalArgumentException(
          "trace ID has " + hex.length() + " hex digits, at most 32 are allowed");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        throw new IllegalArgumentException(
            "trace ID contains '" + hex.charAt(i) + "' at position " + i + ", only hex digits are allowed");
      }
    }
    String padded = "0".repeat(2 * LENGTH - hex.length()) + hex;
    return of(HEX.parseHex(padded));
  }

  private static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  public long high() {
    return high;
  }

  public long low() {
    return low;
  }

  public boolean isZero() {
    return high == 0 && low == 0;
  }

  public byte[] bytes() {
    byte[] out = new byte[LENGTH];
    writeTo(out, 0);
    return out;
  }

  public void writeTo(byte[] out, int offset) {
    for (int i = 0; i < 8; i++) {
      out[offset + i] = (byte) (high >>> (56 - 8 * i));
      out[offset + 8 + i] = (byte) (low >>> (56 - 8 * i));
    }
  }

  /** Lower-case, 32 hex digits. */
  public String toHex() {
    return HEX.formatHex(bytes());
  }

  @Override
  public int compareTo(TraceId o) {
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Long.compareUnsigned(low, o.low);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TraceId t && t.high == high && t.low == low;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high) * 31 + Long.hashCode(low);
  }

  @Override
  public String toString() {
    return toHex();
  }

  /** Byte-wise unsigned comparison of two 16-byte arrays, without allocating. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
