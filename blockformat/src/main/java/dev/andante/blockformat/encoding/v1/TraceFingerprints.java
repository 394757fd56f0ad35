package dev.andante.blockformat.encoding.v1;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The block's {@code fingerprints} object: a sorted array of 32-bit fingerprints of its trace IDs,
 * 4 bytes per trace. Kept in memory by queriers, it answers "may this block hold the trace?" with a
 * false-positive rate of about {@code traces / 2^32} (5e-7 for 2,000 traces, 1e-5 for 50,000),
 * against ~1e-3 for the bloom shards, so a lookup over 1,000 blocks almost never reads a block that
 * does not hold the trace.
 *
 * <p>Format (big-endian): magic {@code "ATFP"}, format version (1 byte, 1), count (int), the
 * fingerprints in ascending signed order (int each), and a CRC-32 of everything before it (int).
 * Immutable and thread safe.
 */
final class TraceFingerprints {
  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = {'A', 'T', 'F', 'P'};
  private static final int HEADER_BYTES = 4 + 1 + 4;

  private final int[] sorted;

  private TraceFingerprints(int[] sorted) {
    this.sorted = sorted;
  }

  /** The fingerprint of a 16-byte trace ID: murmur3's 64-bit finaliser over both halves. */
  static int of(byte[] id, int offset) {
    ByteBuffer b = ByteBuffer.wrap(id, offset, 16);
    long hi = b.getLong();
    long lo = b.getLong();
    return (int) (mix(hi ^ mix(lo + 0x9E3779B97F4A7C15L)) >>> 32);
  }

  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** Fingerprints of the {@code count} IDs in {@code ids} (16 bytes each, back to back). */
  static TraceFingerprints build(byte[] ids, int count) {
    int[] fps = new int[count];
    for (int i = 0; i < count; i++) {
      fps[i] = of(ids, 16 * i);
    }
    Arrays.sort(fps);
    return new TraceFingerprints(fps);
  }

  /** False when the block certainly does not hold {@code id}. */
  boolean mightContain(byte[] id) {
    return Arrays.binarySearch(sorted, of(id, 0)) >= 0;
  }

  int count() {
    return sorted.length;
  }

  /** Heap held, approximately. */
  long heldBytes() {
    return 16L + 4L * sorted.length;
  }

  byte[] serialize() {
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + 4 * sorted.length + 4);
    out.put(MAGIC).put((byte) FORMAT_VERSION).putInt(sorted.length);
    for (int fp : sorted) {
      out.putInt(fp);
    }
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /** @throws IllegalArgumentException saying what is wrong with {@code data} */
  static TraceFingerprints parse(byte[] data) {
    if (data.length < HEADER_BYTES + 4) {
      throw new IllegalArgumentException("fingerprints are " + data.length + " bytes, too short");
    }
    ByteBuffer in = ByteBuffer.wrap(data);
    byte[] magic = new byte[4];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("fingerprints do not start with ATFP");
    }
    int version = in.get();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("fingerprints format version " + version + " is unknown");
    }
    int count = in.getInt();
    if (count < 0 || data.length != HEADER_BYTES + 4L * count + 4) {
      throw new IllegalArgumentException("fingerprints of " + data.length + " bytes cannot hold " + count + " entries");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(data, data.length - 4, 4).getInt()) {
      throw new IllegalArgumentException("fingerprints checksum does not match");
    }
    int[] fps = new int[count];
    int previous = Integer.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      fps[i] = in.getInt();
      if (fps[i] < previous) {
        throw new IllegalArgumentException("fingerprints are not sorted at entry " + i);
      }
      previous = fps[i];
    }
    return new TraceFingerprints(fps);
  }
}
