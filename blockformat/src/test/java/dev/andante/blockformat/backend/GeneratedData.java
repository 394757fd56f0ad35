package dev.andante.blockformat.backend;

import java.io.InputStream;

/**
 * Deterministic pseudo-random bytes of any length, produced on the fly: the byte at a position is a
 * function of the seed and the position, so large objects can be written from a stream and checked
 * range by range without ever holding them whole.
 */
public final class GeneratedData {
  private final long seed;

  public GeneratedData(long seed) {
    this.seed = seed;
  }

  public byte at(long position) {
    long x = (position + seed) * 0x9E3779B97F4A7C15L;
    x ^= x >>> 29;
    return (byte) (x ^ (x >>> 43));
  }

  /** {@code length} bytes from {@code offset}. */
  public byte[] bytes(long offset, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = at(offset + i);
    }
    return out;
  }

  /** A stream of the first {@code length} bytes. */
  public InputStream stream(long length) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        return position < length ? at(position++) & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (position >= length) {
          return -1;
        }
        int n = (int) Math.min(len, length - position);
        for (int i = 0; i < n; i++) {
          b[off + i] = at(position++);
        }
        return n;
      }
    };
  }
}
