package dev.andante.ingester;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockEncoding;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.distributor.PushResult;
import dev.andante.ingester.distributor.TraceSink;
import dev.andante.ingester.flush.BlockFlusher;
import dev.andante.ingester.flush.CutBlock;
import dev.andante.ingester.flush.FlushQueue;
import dev.andante.ingester.flush.FlushedBlock;
import dev.andante.ingester.flush.Pieces;
import dev.andante.ingester.live.TenantInstance;
import dev.andante.ingester.wal.WriteAheadLog;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester of one process: takes spans in (through the {@link Distributor}), holds them per
 * tenant until their traces complete, cuts completed traces into blocks and writes them to the
 * object store, and serves every trace it holds or recently wrote.
 *
 * <p>Thread safe. Every method may block (on a lock, the write-ahead log or the object store), so
 * Vert.x code calls them from worker threads. Shutdown is {@link #flushAll()} then {@link #close()}:
 * {@code close} alone drops what is still in memory.
 */
public final class Ingester implements TraceSink, AutoCloseable {
  /** Subdirectory of the WAL directory where blocks are staged while they are written. */
  public static final String STAGING_DIR = "blocks";

  private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);

  private final IngesterConfig config;
  private final Clock clock;
  private final WriteAheadLog wal;
  private final Distributor distributor;
  private final FlushQueue flushQueue;
  private final ConcurrentMap<TenantId, TenantInstance> tenants = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;
  private final AtomicBoolean started = new AtomicBoolean();

  /** An ingester without a write-ahead log: what is in memory is lost if the process dies. */
  public Ingester(
      IngesterConfig config,
      Backend backend,
      BlockEncoding encoding,
      BlockConfig blockConfig,
      Path walDir,
      Clock clock) {
    this(config, backend, encoding, blockConfig, walDir, clock, WriteAheadLog.NONE);
  }

  /**
   * @param walDir the ingester's local directory ({@code storage.trace.wal.path}); blocks are staged
   *     under {@code walDir/blocks}
   * @param clock the time of trace idleness, block age and flushed-block expiry
   * @param wal where pushes are made durable before they are acknowledged
   */
  public Ingester(
      IngesterConfig config,
      Backend backend,
      BlockEncoding encoding,
      BlockConfig blockConfig,
      Path walDir,
      Clock clock,
      WriteAheadLog wal) {
    if (config == null || backend == null || encoding == null || blockConfig == null) {
      throw new IllegalArgumentException("config, backend, encoding and blockConfig must not be null");
    }
    if (walDir == null || clock == null || wal == null) {
      throw new IllegalArgumentException("walDir, clock and wal must not be null");
    }
    this.config = config;
    this.clock = clock;
    this.wal = wal;
    this.distributor = new Distributor(this);
    BlockFlusher flusher = new BlockFlusher(backend, encoding, blockConfig, walDir.resolve(STAGING_DIR), clock);
    this.flushQueue =
        new FlushQueue(
            flusher,
            this::blockFlushed,
            FlushQueue.DEFAULT_THREADS,
            FlushQueue.DEFAULT_INITIAL_BACKOFF,
            FlushQueue.DEFAULT_MAX_BACKOFF);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "andante-ingester-sweep");
              t.setDaemon(true);
              return t;
            });
  }

  public IngesterConfig config() {
    return config;
  }

  /** Sweeps for idle traces and due blocks every {@code flushCheckPeriod}, from now on. */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("Cannot start ingester: it is already started");
    }
    long period = config.flushCheckPeriod().toNanos();
    sweeper.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * Validates {@code request}, refuses malformed spans, and keeps the rest. Returns how many spans
   * were accepted and refused; fails only if the spans could not be kept at all.
   */
  public PushResult push(TenantId tenant, ExportTraceServiceRequest request) {
    return distributor.push(tenant, request);
  }

  /** Keeps already validated {@code pieces}, one per trace ID (the distributor's and the ring's path). */
  @Override
  public void push(TenantId tenant, List<Trace> pieces) {
    if (tenant == null || pieces == null) {
      throw new IllegalArgumentException("tenant and pieces must not be null");
    }
    wal.append(tenant, pieces);
    tenants.computeIfAbsent(tenant, t -> new TenantInstance(t, config, clock)).append(pieces);
  }

  /**
   * All of trace {@code id} this ingester holds for {@code tenant}: live, completed, being written,
   * and in blocks written within {@code completeBlockTimeout}. Empty when it holds none.
   */
  public Optional<Trace> find(TenantId tenant, TraceId id) {
    if (tenant == null || id == null) {
      throw new IllegalArgumentException("tenant and id must not be null");
    }
    TenantInstance instance = tenants.get(tenant);
    if (instance == null) {
      return Optional.empty();
    }
    List<Trace> pieces = instance.find(id);
    return pieces.isEmpty() ? Optional.empty() : Optional.of(Pieces.combine(id, pieces));
  }

  /**
   * Runs one sweep now: idle traces go to head blocks, due head blocks are cut and their flush
   * started, flushed blocks past {@code completeBlockTimeout} are forgotten.
   */
  public void sweep() {
    for (TenantInstance instance : tenants.values()) {
      instance.sweep().forEach(flushQueue::enqueue);
    }
  }

  /** Cuts everything in memory, live traces included, into blocks and waits until all are written. */
  public void flushAll() throws InterruptedException {
    flushAll(Duration.ofMillis(Long.MAX_VALUE));
  }

  /**
   * Cuts everything in memory into blocks and waits at most {@code timeout} for them to be written.
   * Returns false if some block was still not written (it keeps being retried).
   */
  public boolean flushAll(Duration timeout) throws InterruptedException {
    for (TenantInstance instance : tenants.values()) {
      instance.cutAll().forEach(flushQueue::enqueue);
    }
    return flushQueue.awaitIdle(timeout);
  }

  /** What the ingester holds for {@code tenant}, or empty if it never received any of its spans. */
  public Optional<TenantInstance.Stats> stats(TenantId tenant) {
    return Optional.ofNullable(tenants.get(tenant)).map(TenantInstance::stats);
  }

  /** Blocks cut and not yet written, over all tenants. */
  public int pendingFlushes() {
    return flushQueue.pending();
  }

  /** Stops sweeping and flushing. What is not flushed by then is dropped (call {@link #flushAll()} first). */
  @Override
  public void close() {
    sweeper.shutdownNow();
    flushQueue.close();
    long unflushed = tenants.values().stream().filter(t -> !t.isFlushed()).count();
    if (unflushed > 0) {
      LOG.warn("Closing the ingester with unflushed traces of {} tenants; they are dropped", unflushed);
    }
    wal.close();
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.error("Cannot sweep ingester: {}", e.toString(), e);
    }
  }

  private void blockFlushed(CutBlock block, FlushedBlock written) {
    tenants.get(block.tenant()).markFlushed(block, written);
  }
}
