package dev.andante.benchmarks.jmh;

import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.wal.FsyncPolicy;
import dev.andante.ingester.wal.SegmentedWal;
import dev.andante.ingester.wal.WalConfig;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SegmentedWal} in a temporary directory and the records the WAL benchmarks append to it:
 * by default 64 requests of about 512 spans, as protobuf bytes and as the distributor's per-trace
 * pieces.
 * Every 256 appends the log is rotated and the older segments deleted, as the ingester does once
 * a block is flushed, so a long run does not fill the disk. Thread safe as the log is.
 */
final class WalFixture implements AutoCloseable {
  static final int REQUESTS = 64;
  static final int SPANS_PER_REQUEST = 512;
  private static final long TRUNCATE_EVERY = 256;

  private final byte[][] wire;
  private final List<List<Trace>> pieces;
  private final int[] spans;
  private final Path dir;
  private final SegmentedWal wal;
  private final AtomicLong appends = new AtomicLong();

  WalFixture(FsyncPolicy fsync, int requestCount, int spansPerRequest) {
    List<ExportTraceServiceRequest> requests = Fixtures.requests(requestCount, spansPerRequest);
    wire = new byte[requests.size()][];
    spans = new int[requests.size()];
    pieces = requests.stream().map(Distributor::pieces).toList();
    for (int i = 0; i < requests.size(); i++) {
      wire[i] = requests.get(i).toByteArray();
      spans[i] = Fixtures.spans(requests.get(i));
    }
    dir = Fixtures.tempDir("andante-jmh-wal");
    wal = SegmentedWal.open(dir, new WalConfig(fsync, WalConfig.DEFAULT_SEGMENT_BYTES));
  }

  int records() {
    return wire.length;
  }

  /** Appends record {@code i} as request bytes or as pieces; returns its span count. */
  int append(int i, boolean asPieces) {
    if (asPieces) {
      wal.append(Fixtures.TENANT, pieces.get(i));
    } else {
      wal.appendRequest(Fixtures.TENANT, wire[i], Set.of());
    }
    if (appends.incrementAndGet() % TRUNCATE_EVERY == 0) {
      wal.deleteSegmentsBefore(wal.rotate());
    }
    return spans[i];
  }

  /** Mean bytes of one request record, for the report. */
  double meanRequestBytes() {
    long total = 0;
    for (byte[] bytes : wire) {
      total += bytes.length;
    }
    return (double) total / wire.length;
  }

  @Override
  public void close() {
    wal.close();
    Fixtures.deleteRecursively(dir);
  }
}
