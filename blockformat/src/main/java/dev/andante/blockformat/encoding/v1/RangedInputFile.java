package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.backend.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over an object that serves reads from byte ranges fetched beforehand
 * (the file's tail, one row group), so that Parquet decodes from memory. A read outside them falls
 * back to a ranged GET of just the bytes asked for. Thread safe; each stream is not.
 */
final class RangedInputFile implements InputFile {

  /** {@code bytes} of the object from {@code offset} on. */
  record Range(long offset, byte[] bytes) {
    long end() {
      return offset + bytes.length;
    }
  }

  private final ObjectStore store;
  private final String key;
  private final long length;
  private final List<Range> ranges;

  RangedInputFile(ObjectStore store, String key, long length, List<Range> ranges) {
    this.store = store;
    this.key = key;
    this.length = length;
    this.ranges = List.copyOf(ranges);
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new Stream();
  }

  private Range rangeAt(long pos) {
    for (Range r : ranges) {
      if (pos >= r.offset && pos < r.end()) {
        return r;
      }
    }
    return null;
  }

  /** The start of the first range after {@code pos}, or the end of the object. */
  private long nextRangeStart(long pos) {
    long next = length;
    for (Range r : ranges) {
      if (r.offset > pos && r.offset < next) {
        next = r.offset;
      }
    }
    return next;
  }

  private final class Stream extends SeekableInputStream {
    private long pos;

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > length) {
        throw new EOFException("Cannot seek to " + newPos + " in " + key + " of " + length + " bytes");
      }
      pos = newPos;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(len, length - pos);
      readFully(b, off, n);
      return n;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      if (pos + len > length) {
        throw new EOFException("Cannot read " + len + " bytes at " + pos + " of " + key + " of " + length + " bytes");
      }
      while (len > 0) {
        Range r = rangeAt(pos);
        int n;
        if (r != null) {
          n = (int) Math.min(len, r.end() - pos);
          System.arraycopy(r.bytes, (int) (pos - r.offset), b, off, n);
        } else {
          n = (int) Math.min(len, nextRangeStart(pos) - pos);
          byte[] fetched = store.readRange(key, pos, n);
          System.arraycopy(fetched, 0, b, off, n);
        }
        pos += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      if (!buf.hasRemaining()) {
        return 0;
      }
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(buf.remaining(), length - pos);
      byte[] tmp = new byte[n];
      readFully(tmp, 0, n);
      buf.put(tmp);
      return n;
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      if (buf.hasArray()) {
        int n = buf.remaining();
        readFully(buf.array(), buf.arrayOffset() + buf.position(), n);
        buf.position(buf.position() + n);
      } else {
        byte[] tmp = new byte[buf.remaining()];
        readFully(tmp, 0, tmp.length);
        buf.put(tmp);
      }
    }
  }
}
