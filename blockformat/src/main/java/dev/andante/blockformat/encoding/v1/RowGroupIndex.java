package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.TraceId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The block's {@code index} object: for each row group, its smallest and largest trace ID and the
 * byte range of its column chunks (dictionary pages included) in data.parquet, so that finding a
 * trace reads one row group with one ranged GET.
 *
 * <p>Format (big-endian): magic {@code "ATIX"}, format version (1 byte, 1), entry count (int),
 * entries of {min ID (16 bytes), max ID (16 bytes), offset (long), length (long), rows (long)}, and
 * a CRC-32 of everything before it (int). Immutable and thread safe.
 */
final class RowGroupIndex {
  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = {'A', 'T', 'I', 'X'};
  private static final int ENTRY_BYTES = 16 + 16 + 8 + 8 + 8;

  record Entry(byte[] minId, byte[] maxId, long offset, long length, long rows) {
    boolean contains(byte[] id) {
      return TraceId.compare(minId, id) <= 0 && TraceId.compare(id, maxId) <= 0;
    }
  }

  private final List<Entry> entries;

  RowGroupIndex(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  List<Entry> entries() {
    return entries;
  }

  /** The position of the row group that may hold {@code id}, or -1. */
  int find(byte[] id) {
    int lo = 0;
    int hi = entries.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Entry e = entries.get(mid);
      if (TraceId.compare(e.maxId, id) < 0) {
        lo = mid + 1;
      } else if (TraceId.compare(id, e.minId) < 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  byte[] serialize() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + 1 + 4 + entries.size() * ENTRY_BYTES + 4);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(FORMAT_VERSION);
      out.writeInt(entries.size());
      for (Entry e : entries) {
        out.write(e.minId);
        out.write(e.maxId);
        out.writeLong(e.offset);
        out.writeLong(e.length);
        out.writeLong(e.rows);
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** @throws IllegalArgumentException saying what is wrong with {@code data} */
  static RowGroupIndex parse(byte[] data) {
    if (data.length < 4 + 1 + 4 + 4) {
      throw new IllegalArgumentException("index is " + data.length + " bytes, too short");
    }
    ByteBuffer in = ByteBuffer.wrap(data);
    byte[] magic = new byte[4];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("index does not start with ATIX");
    }
    int version = in.get();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("index format version " + version + " is unknown");
    }
    int count = in.getInt();
    if (count < 0 || data.length != 4 + 1 + 4 + (long) count * ENTRY_BYTES + 4) {
      throw new IllegalArgumentException("index of " + data.length + " bytes cannot hold " + count + " entries");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(data, data.length - 4, 4).getInt()) {
      throw new IllegalArgumentException("index checksum does not match");
    }
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] min = new byte[16];
      byte[] max = new byte[16];
      in.get(min);
      in.get(max);
      entries.add(new Entry(min, max, in.getLong(), in.getLong(), in.getLong()));
    }
    return new RowGroupIndex(entries);
  }
}
