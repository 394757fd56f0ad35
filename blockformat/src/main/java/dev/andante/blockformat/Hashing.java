package dev.andante.blockformat;

/**
 * The hashes that decide where data lives. They are part of the on-disk and on-ring format: changing
 * one moves every trace to another bloom shard or ingester.
 */
public final class Hashing {
  private static final int FNV_OFFSET_BASIS_32 = 0x811c9dc5;
  private static final int FNV_PRIME_32 = 0x01000193;

  private Hashing() {}

  /**
   * FNV-1 (multiply, then xor; not FNV-1a), 32 bits, as Tempo uses it for bloom shards and the ring.
   * Read the result as unsigned, e.g. with {@link Integer#remainderUnsigned}.
   */
  public static int fnv1_32(byte[] data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    return update(FNV_OFFSET_BASIS_32, data);
  }

  /** FNV-1 32 of the concatenation of {@code parts}, without concatenating them. */
  public static int fnv1_32(byte[]... parts) {
    if (parts == null) {
      throw new IllegalArgumentException("parts must not be null");
    }
    int h = FNV_OFFSET_BASIS_32;
    for (byte[] part : parts) {
      if (part == null) {
        throw new IllegalArgumentException("parts must not contain null");
      }
      h = update(h, part);
    }
    return h;
  }

  private static int update(int h, byte[] data) {
    for (byte b : data) {
      h *= FNV_PRIME_32;
      h ^= b & 0xFF;
    }
    return h;
  }
}
