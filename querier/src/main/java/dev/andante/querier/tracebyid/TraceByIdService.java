package dev.andante.querier.tracebyid;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.blocklist.BlockReaderCache;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import dev.andante.querier.QuerierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a whole trace by ID: asks the {@link RecentTraceSource} and every block of the tenant that
 * may hold the trace, in parallel, and combines the parts. Blocks are pruned by time range and by
 * their [minID, maxID] before any is read; each remaining block reads at most one bloom shard, its
 * index and one row group.
 *
 * <p>Blocking and thread safe: call it from a worker thread, never an event loop. Reads run on a
 * pool of {@link QuerierConfig#concurrentBlockReads()} threads shared by all lookups. A source that
 * fails is logged and counted and the lookup answers with what the others hold.
 */
public final class TraceByIdService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceByIdService.class);

  private final Blocklist blocklist;
  private final BlockReaderCache readers;
  private final RecentTraceSource recent;
  private final Duration timeout;
  private final ExecutorService pool;

  public TraceByIdService(
      QuerierConfig config, Blocklist blocklist, BlockReaderCache readers, RecentTraceSource recent) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (blocklist == null) {
      throw new IllegalArgumentException("blocklist must not be null");
    }
    if (readers == null) {
      throw new IllegalArgumentException("readers must not be null");
    }
    if (recent == null) {
      throw new IllegalArgumentException("recent must not be null");
    }
    this.blocklist = blocklist;
    this.readers = readers;
    this.recent = recent;
    this.timeout = config.queryTimeout();
    this.pool = Executors.newFixedThreadPool(config.concurrentBlockReads(), new ReadThreads());
  }

  /**
   * The trace {@code id} of {@code tenant}, combined from every source that holds a part of it, with
   * duplicate spans once.
   *
   * @throws TraceLookupTimeoutException when the sources do not answer within the query timeout
   */
  public TraceLookup find(TenantId tenant, TraceId id, TimeRange range) {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant must not be null");
    }
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    if (range == null) {
      throw new IllegalArgumentException("range must not be null");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<BlockMeta> blocks = candidates(tenant, id, range);

    List<Part> parts = new ArrayList<>(blocks.size() + 1);
    parts.add(new Part("recent traces", pool.submit(() -> recent.find(tenant, id))));
    for (BlockMeta meta : blocks) {
      parts.add(new Part("block " + meta.blockId(), pool.submit(() -> readBlock(meta, id))));
    }

    List<Trace> found = new ArrayList<>();
    int blockFailures = 0;
    int recentFailures = 0;
    try {
      for (Part part : parts) {
        try {
          part.result().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).ifPresent(found::add);
        } catch (ExecutionException e) {
          if (part == parts.get(0)) {
            recentFailures++;
          } else {
            blockFailures++;
          }
          Throwable cause = e.getCause();
          LOG.warn("Cannot read {}: {} (tenant {}, trace {})", part.source(), cause, tenant, id);
        }
      }
    } catch (TimeoutException e) {
      cancel(parts);
      throw new TraceLookupTimeoutException(
          "Cannot find trace: no answer within " + timeout + " (tenant " + tenant + ", trace " + id + ")");
    } catch (InterruptedException e) {
      cancel(parts);
      Thread.currentThread().interrupt();
      throw new TraceLookupTimeoutException(
          "Cannot find trace: interrupted (tenant " + tenant + ", trace " + id + ")");
    }

    Optional<Trace> trace =
        found.isEmpty() ? Optional.empty() : Optional.of(TraceCombiner.combine(id, found));
    return new TraceLookup(trace.filter(t -> t.spanCount() > 0), blocks.size(), blockFailures, recentFailures);
  }

  private List<BlockMeta> candidates(TenantId tenant, TraceId id, TimeRange range) {
    List<BlockMeta> out = new ArrayList<>();
    for (BlockMeta meta : blocklist.metas(tenant)) {
      if (meta.overlaps(range.start(), range.end()) && meta.mayContain(id)) {
        out.add(meta);
      }
    }
    return out;
  }

  private Optional<Trace> readBlock(BlockMeta meta, TraceId id) {
    try {
      return readers.reader(meta).find(id);
    } catch (NotFoundException e) {
      // Compacted and deleted since the blocklist saw it; its traces are in the block that replaced it.
      return Optional.empty();
    }
  }

  private static void cancel(List<Part> parts) {
    for (Part part : parts) {
      part.result().cancel(true);
    }
  }

  /** Stops the read pool; lookups in flight are interrupted. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private record Part(String source, Future<Optional<Trace>> result) {}

  private static final class ReadThreads implements ThreadFactory {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int pool = POOLS.incrementAndGet();
    private final AtomicInteger threads = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "andante-trace-read-" + pool + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
