package dev.andante.ingester.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of opaque records in numbered segment files, with group commit.
 *
 * <p>One writer thread takes every append waiting at the time, writes them with one system call
 * and, under {@link FsyncPolicy#ALWAYS}, forces them with one fsync before any of their callers
 * returns: concurrent appends share a sync instead of queueing for one each.
 *
 * <p>Each segment starts with an 8-byte magic and 8-byte sequence number; each record is a
 * little-endian {@code int} length, an {@code int} CRC-32C of the payload, and the payload. A segment
 * is never appended to after the process that wrote it stops, so a torn write can only be at a
 * segment's end; {@link #replay} detects it by length or checksum, logs it, and keeps every record
 * before it.
 *
 * <p>Thread safe. {@link #append} blocks; call it off event loops.
 */
public final class SegmentedLog implements AutoCloseable {
  public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;
  public static final int MAX_RECORD_BYTES = 256 * 1024 * 1024;
  static final long MAGIC = 0x414E44414E544557L; // "ANDANTEW"
  static final int SEGMENT_HEADER_BYTES = 16;
  static final int RECORD_HEADER_BYTES = 8;
  private static final String SUFFIX = ".wal";
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

  private final Path dir;
  private final long segmentBytes;
  private final FsyncPolicy fsync;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final TreeMap<Long, Long> segmentSizes = new TreeMap<>();
  private final Thread writer;
  private volatile boolean closed;
  private FileChannel channel;
  private final long firstNewSegment;
  private long segment;
  private long segmentSize;
  private volatile long tornTails;
  private final java.util.concurrent.atomic.AtomicLong diskBytes = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.LongAdder fsyncs = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder appendedBytes = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder appendedRecords = new java.util.concurrent.atomic.LongAdder();

  private SegmentedLog(Path dir, long segmentBytes, FsyncPolicy fsync) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.fsync = fsync;
    Files.createDirectories(dir);
    for (Path p : segmentFiles(dir)) {
      long size = Files.size(p);
      segmentSizes.put(sequenceOf(p), size);
      diskBytes.addAndGet(size);
    }
    this.segment = segmentSizes.isEmpty() ? 0 : segmentSizes.lastKey() + 1;
    this.firstNewSegment = segment;
    this.writer = new Thread(this::writeLoop, "wal-writer-" + dir.getFileName());
    this.writer.setDaemon(true);
  }

  /**
   * Opens the log in {@code dir}, creating it if needed. Existing segments are kept for {@link
   * #replay}; appends go to a new segment.
   */
  public static SegmentedLog open(Path dir, long segmentBytes, FsyncPolicy fsync) {
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException("segmentBytes must be at least 4096, got " + segmentBytes);
    }
    try {
      SegmentedLog log = new SegmentedLog(dir, segmentBytes, fsync);
      log.startSegment();
      log.writer.start();
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open write-ahead log: " + e.getMessage() + " (" + dir + ")", e);
    }
  }

  /** Receives replayed records in log order. */
  @FunctionalInterface
  public interface RecordVisitor {
    void visit(LogPosition position, byte[] payload);
  }

  /**
   * Reads every record of the segments that existed when the log was opened, in order. A torn or
   * corrupt tail of a segment is logged and skipped; the records before it are visited.
   *
   * @return how many records were visited
   */
  public long replay(RecordVisitor visitor) {
    long records = 0;
    List<Long> sequences;
    synchronized (segmentSizes) {
      sequences = new ArrayList<>(segmentSizes.headMap(firstNewSegment).keySet());
    }
    for (long seq : sequences) {
      records += replaySegment(seq, visitor);
    }
    return records;
  }

  private long replaySegment(long seq, RecordVisitor visitor) {
    Path path = segmentPath(seq);
    long records = 0;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      if (size < SEGMENT_HEADER_BYTES || readFully(ch, header, 0) < SEGMENT_HEADER_BYTES
          || header.getLong(0) != MAGIC || header.getLong(8) != seq) {
        torn(path, 0, "missing or bad segment header");
        return 0;
      }
      long offset = SEGMENT_HEADER_BYTES;
      ByteBuffer recordHeader = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      while (offset < size) {
        recordHeader.clear();
        if (readFully(ch, recordHeader, offset) < RECORD_HEADER_BYTES) {
          torn(path, offset, "truncated record header");
          break;
        }
        int length = recordHeader.getInt(0);
        int crc = recordHeader.getInt(4);
        if (length < 0 || length > MAX_RECORD_BYTES || offset + RECORD_HEADER_BYTES + length > size) {
          torn(path, offset, "record length " + length + " runs past the end of the segment");
          break;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(ch, payload, offset + RECORD_HEADER_BYTES);
        if (crc32c(payload.array(), 0, length) != crc) {
          torn(path, offset, "checksum mismatch");
          break;
        }
        visitor.visit(new LogPosition(seq, offset), payload.array());
        records++;
        offset += RECORD_HEADER_BYTES + length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot replay write-ahead log segment " + path + ": " + e.getMessage(), e);
    }
    return records;
  }

  private void torn(Path path, long offset, String why) {
    tornTails++;
    LOG.warn("Skipping the rest of WAL segment {} from offset {}: {}; the records before it are kept", path, offset, why);
  }

  private static int readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    int total = 0;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /**
   * Appends {@code payload} and returns once it is written (and, under {@link FsyncPolicy#ALWAYS},
   * on disk).
   *
   * @throws UncheckedIOException if it could not be written; the record is then not in the log
   */
  public LogPosition append(byte[] payload) {
    return appendParts(new byte[][] {payload});
  }

  /**
   * As {@link #append}, for a record whose payload is {@code parts} one after another: written
   * with one gathering write, so a large part (a request as received) is not copied.
   */
  public LogPosition appendParts(byte[][] parts) {
    long length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    if (length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "record of " + length + " bytes exceeds the limit of " + MAX_RECORD_BYTES);
    }
    if (closed) {
      throw new IllegalStateException("Cannot append: the write-ahead log is closed (" + dir + ")");
    }
    Pending p = new Pending(parts, (int) length);
    queue.add(p);
    try {
      return p.done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while appending to the write-ahead log", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new UncheckedIOException("Cannot append to the write-ahead log: " + io.getMessage() + " (" + dir + ")", io);
      }
      throw new IllegalStateException("Cannot append to the write-ahead log (" + dir + ")", cause);
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 4096);
        writeInOrder(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void writeBatch(List<Pending> batch) {
    try {
      int i = 0;
      while (i < batch.size()) {
        if (channel == null || segmentSize >= segmentBytes) {
          rotateSegment();
        }
        // Fill the current segment up to its size limit with one gathering write.
        List<Pending> chunk = new ArrayList<>();
        long room = Math.max(segmentBytes - segmentSize, 1);
        long bytes = 0;
        int parts = 0;
        while (i < batch.size() && (chunk.isEmpty() || bytes + RECORD_HEADER_BYTES + batch.get(i).length <= room)) {
          Pending p = batch.get(i++);
          p.position = new LogPosition(segment, segmentSize + bytes);
          bytes += RECORD_HEADER_BYTES + p.length;
          parts += 1 + p.parts.length;
          chunk.add(p);
        }
        ByteBuffer[] buffers = new ByteBuffer[parts];
        int b = 0;
        for (Pending p : chunk) {
          CRC32C crc = new CRC32C();
          for (byte[] part : p.parts) {
            crc.update(part, 0, part.length);
          }
          ByteBuffer h = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
          h.putInt(p.length).putInt((int) crc.getValue()).flip();
          buffers[b++] = h;
          for (byte[] part : p.parts) {
            buffers[b++] = ByteBuffer.wrap(part);
          }
        }
        long remaining = bytes;
        while (remaining > 0) {
          remaining -= channel.write(buffers);
        }
        segmentSize += bytes;
        synchronized (segmentSizes) {
          segmentSizes.put(segment, segmentSize);
        }
        diskBytes.addAndGet(bytes);
        appendedBytes.add(bytes);
        appendedRecords.add(chunk.size());
      }
      if (fsync == FsyncPolicy.ALWAYS) {
        channel.force(false);
        fsyncs.increment();
      }
      for (Pending p : batch) {
        p.done.complete(p.position);
      }
    } catch (IOException | RuntimeException e) {
      for (Pending p : batch) {
        p.done.completeExceptionally(e);
      }
      // What part of the batch reached the file is unknown: never append after it.
      try {
        rotateSegment();
      } catch (IOException rotateFailure) {
        LOG.error("Cannot start a new WAL segment after a failed write: {}", rotateFailure.getMessage());
      }
    }
  }

  /** Writes runs of records, handling each rotation request between them in queue order. */
  private void writeInOrder(List<Pending> batch) {
    int start = 0;
    for (int i = 0; i <= batch.size(); i++) {
      if (i == batch.size() || batch.get(i).parts == null) {
        if (i > start) {
          writeBatch(batch.subList(start, i));
        }
        if (i < batch.size()) {
          rotateOnRequest(batch.get(i));
        }
        start = i + 1;
      }
    }
  }

  private void rotateOnRequest(Pending request) {
    try {
      if (channel == null || segmentSize > SEGMENT_HEADER_BYTES) {
        rotateSegment();
      }
      request.done.complete(new LogPosition(segment, segmentSize));
    } catch (IOException | RuntimeException e) {
      request.done.completeExceptionally(e);
    }
  }

  /**
   * Starts a new segment unless the current one holds no record, and returns the number of the
   * segment appends go to from now on. Lets the caller delete every older segment once it knows
   * all their records are in blocks.
   */
  public long rotate() {
    if (closed) {
      throw new IllegalStateException("Cannot rotate: the write-ahead log is closed (" + dir + ")");
    }
    Pending p = new Pending(null, 0);
    queue.add(p);
    try {
      return p.done.get().segment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while rotating the write-ahead log", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot rotate the write-ahead log (" + dir + "): " + e.getCause(), e.getCause());
    }
  }

  private void rotateSegment() throws IOException {
    if (channel != null) {
      try {
        channel.force(false);
      } finally {
        channel.close();
        channel = null;
      }
    }
    segment++;
    startSegment();
  }

  private void startSegment() throws IOException {
    Path path = segmentPath(segment);
    channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(MAGIC).putLong(segment).flip();
    while (header.hasRemaining()) {
      channel.write(header);
    }
    channel.force(true);
    forceDirectory();
    segmentSize = SEGMENT_HEADER_BYTES;
    synchronized (segmentSizes) {
      segmentSizes.put(segment, segmentSize);
    }
    diskBytes.addAndGet(SEGMENT_HEADER_BYTES);
  }

  /** The segment appends currently go to. */
  public long currentSegment() {
    synchronized (segmentSizes) {
      return segmentSizes.lastKey();
    }
  }

  /**
   * Deletes every segment numbered below {@code sequence} (never the current one): their records
   * are all in blocks on the object store.
   */
  public void deleteSegmentsBefore(long sequence) {
    List<Long> doomed;
    synchronized (segmentSizes) {
      long limit = Math.min(sequence, segmentSizes.lastKey());
      doomed = new ArrayList<>(segmentSizes.headMap(limit).keySet());
    }
    for (long seq : doomed) {
      try {
        Files.deleteIfExists(segmentPath(seq));
        Long size;
        synchronized (segmentSizes) {
          size = segmentSizes.remove(seq);
        }
        if (size != null) {
          diskBytes.addAndGet(-size);
        }
      } catch (IOException e) {
        LOG.warn("Cannot delete WAL segment {}: {}", segmentPath(seq), e.getMessage());
      }
    }
    if (!doomed.isEmpty()) {
      forceDirectory();
    }
  }

  /** Bytes on disk in all segments. Cheap: kept as a running total. */
  public long diskBytes() {
    return diskBytes.get();
  }

  /** Syncs forced since the log was opened; with group commit, fewer than appends. */
  public long fsyncs() {
    return fsyncs.sum();
  }

  /** Bytes (record headers included) appended since the log was opened. */
  public long appendedBytes() {
    return appendedBytes.sum();
  }

  /** Records appended since the log was opened. */
  public long appendedRecords() {
    return appendedRecords.sum();
  }

  /** Number of segments on disk. */
  public int segmentCount() {
    synchronized (segmentSizes) {
      return segmentSizes.size();
    }
  }

  /** Segments whose tail was found torn or corrupt by {@link #replay}. */
  public long tornTails() {
    return tornTails;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
      if (channel != null) {
        channel.force(false);
        channel.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("Cannot close WAL segment cleanly: {}", e.getMessage());
    }
  }

  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot sync a directory; the file syncs still hold.
    }
  }

  private Path segmentPath(long seq) {
    return dir.resolve(String.format("%020d%s", seq, SUFFIX));
  }

  private static List<Path> segmentFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (var stream = Files.list(dir)) {
      stream.filter(p -> p.getFileName().toString().matches("\\d{20}\\.wal")).sorted().forEach(files::add);
    }
    return files;
  }

  private static long sequenceOf(Path p) {
    String name = p.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
  }

  static int crc32c(byte[] data, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(data, off, len);
    return (int) crc.getValue();
  }

  private static final class Pending {
    /** The payload in parts; null for a rotation request. */
    final byte[][] parts;
    final int length;
    final CompletableFuture<LogPosition> done = new CompletableFuture<>();
    LogPosition position;

    Pending(byte[][] parts, int length) {
      this.parts = parts;
      this.length = length;
    }
  }
}
