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
 * their [minID, maxID] before any is read; each remaining block answers from what its reader keeps
 * in memory (trace-ID fingerprints) whether it may hold the trace, and only then reads its one row
 * group.
 *
 * <p>Blocking and thread safe: call it from a worker thread, never an event loop. Reads run on a
 * pool of {@link QuerierConfig#concurrentBlockReads()} threads shared by all lookups; the candidate
 * blocks are split into at most that many runs, each asked one block after another, because asking a
 * block that is already loaded takes microseconds and a task per block would cost more than the
 * asking. A source that fails is logged and counted and the lookup answers with what the others hold.
 */
public final class TraceByIdService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceByIdService.class);

  private final Blocklist blocklist;
  private final BlockReaderCache readers;
  private final RecentTraceSource recent;
  private final Duration timeout;
  private final ExecutorService pool;
  private final int runs;

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
    this.runs = config.concurrentBlockReads();
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

    Future<Optional<Trace>> fromRecent = pool.submit(() -> recent.find(tenant, id));
    List<Future<RunResult>> fromBlocks = new ArrayList<>();
    int n = Math.min(runs, blocks.size());
    for (int r = 0; r < n; r++) {
      List<BlockMeta> run = blocks.subList(r * blocks.size() / n, (r + 1) * blocks.size() / n);
      fromBlocks.add(pool.submit(() -> readBlocks(run, tenant, id)));
    }

    List<Trace> found = new ArrayList<>();
    int blockFailures = 0;
    int recentFailures = 0;
    try {
      try {
        wait(fromRecent, deadline).ifPresent(found::add);
      } catch (ExecutionException e) {
        recentFailures++;
        LOG.warn("Cannot read recent traces: {} (tenant {}, trace {})", e.getCause(), tenant, id);
      }
      for (Future<RunResult> run : fromBlocks) {
        RunResult result = wait(run, deadline);
        found.addAll(result.found());
        blockFailures += result.failures();
      }
    } catch (ExecutionException e) {
      // readBlocks catches what a block throws; this is a bug, not a block failure.
      cancel(fromRecent, fromBlocks);
      throw new IllegalStateException("Cannot find trace: " + e.getCause() + " (tenant " + tenant + ", trace " + id + ")", e.getCause());
    } catch (TimeoutException e) {
      cancel(fromRecent, fromBlocks);
      throw new TraceLookupTimeoutException(
          "Cannot find trace: no answer within " + timeout + " (tenant " + tenant + ", trace " + id + ")");
    } catch (InterruptedException e) {
      cancel(fromRecent, fromBlocks);
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

  /**
   * Prepares the reader of every block in the blocklist (see {@link
   * dev.andante.blockformat.encoding.BlockReader#prepare()}), on the read pool, so that lookups find
   * what they consult first already in memory. Blocks prepared before cost a cache lookup. Blocking;
   * a block that fails is logged and left for its first lookup.
   *
   * @return blocks that could not be prepared
   */
  public int prepare() {
    List<BlockMeta> all = new ArrayList<>();
    for (TenantId tenant : blocklist.tenants()) {
      all.addAll(blocklist.metas(tenant));
    }
    List<Future<Integer>> runs = new ArrayList<>();
    int n = Math.min(this.runs, all.size());
    for (int r = 0; r < n; r++) {
      List<BlockMeta> run = all.subList(r * all.size() / n, (r + 1) * all.size() / n);
      runs.add(pool.submit(() -> prepare(run)));
    }
    int failures = 0;
    try {
      for (Future<Integer> run : runs) {
        failures += run.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot prepare blocks: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      runs.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
    }
    return failures;
  }

  private int prepare(List<BlockMeta> run) {
    int failures = 0;
    for (BlockMeta meta : run) {
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
      try {
        readers.reader(meta).prepare();
      } catch (RuntimeException e) {
        failures++;
        LOG.warn("Cannot prepare block {}: {} (tenant {})", meta.blockId(), e, meta.tenantId());
      }
    }
    return failures;
  }

  private static <T> T wait(Future<T> future, long deadline)
      throws ExecutionException, TimeoutException, InterruptedException {
    return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** What one run of blocks held of the trace, and how many of its blocks could not be read. */
  private record RunResult(List<Trace> found, int failures) {}

  private RunResult readBlocks(List<BlockMeta> run, TenantId tenant, TraceId id) {
    List<Trace> found = new ArrayList<>(1);
    int failures = 0;
    for (BlockMeta meta : run) {
      if (Thread.currentThread().isInterrupted()) {
        break; // the lookup timed out and was cancelled
      }
      try {
        readers.reader(meta).find(id).ifPresent(found::add);
      } catch (NotFoundException e) {
        // Compacted and deleted since the blocklist saw it; its traces are in the block that replaced it.
      } catch (RuntimeException e) {
        failures++;
        LOG.warn("Cannot read block {}: {} (tenant {}, trace {})", meta.blockId(), e, tenant, id);
      }
    }
    return new RunResult(found, failures);
  }

  private static void cancel(Future<?> recent, List<? extends Future<?>> runs) {
    recent.cancel(true);
    for (Future<?> run : runs) {
      run.cancel(true);
    }
  }

  /** Stops the read pool; lookups in flight are interrupted. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

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
