package dev.andante.ingester;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockEncoding;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.distributor.EncodedPiece;
import dev.andante.ingester.distributor.PushResult;
import dev.andante.ingester.distributor.TraceSink;
import dev.andante.ingester.flush.BlockFlusher;
import dev.andante.ingester.flush.CutBlock;
import dev.andante.ingester.flush.FlushQueue;
import dev.andante.ingester.flush.FlushedBlock;
import dev.andante.ingester.flush.Pieces;
import dev.andante.ingester.live.TenantInstance;
import dev.andante.ingester.limits.Overrides;
import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.limits.RateLimiter;
import dev.andante.ingester.limits.Refusal;
import dev.andante.ingester.limits.RefusalReason;
import dev.andante.ingester.metrics.IngesterMetrics;
import dev.andante.ingester.wal.SegmentedWal;
import dev.andante.ingester.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
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
 * {@code close} alone leaves what is still in memory to the write-ahead log, replayed by the next
 * {@link #start()}.
 *
 * <p>Durability: a push is appended to the write-ahead log before it enters memory, and {@link
 * #push(TenantId, List)} returns only after the append did. Every trace in memory remembers the
 * lowest log segment holding any of its data; after each written block the segments below the
 * lowest still needed are deleted. On start the log is replayed into memory (without appending
 * again, keeping each record's segment) and everything replayed is cut and flushed. Traces already
 * in a block before the crash are then written a second time: harmless, because the querier and
 * the compactor combine pieces of a trace and keep each span ID once.
 */
public final class Ingester implements TraceSink, AutoCloseable {
  /** Subdirectory of the WAL directory where blocks are staged while they are written. */
  public static final String STAGING_DIR = "blocks";
  /** Retry-After when the write-ahead log has used its disk budget or cannot be written. */
  public static final Duration BACK_PRESSURE_RETRY_AFTER = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);

  private final IngesterConfig config;
  /** Spans this ingester took into its log and memory, from any distributor. */
  private final java.util.concurrent.atomic.LongAdder storedSpans = new java.util.concurrent.atomic.LongAdder();
  /** {@link IngesterConfig#memoryBudget()}, fixed at construction. */
  private final long memoryBudget;
  private final Clock clock;
  private final WriteAheadLog wal;
  private final Overrides overrides;
  private final IngesterMetrics metrics = new IngesterMetrics();
  private final Path stagingRoot;
  // Pushes hold the read lock from their WAL append until they are in memory; truncation takes the
  // write lock to read the lowest segment still needed, so it never misses a push in between.
  private final ReentrantReadWriteLock walLock = new ReentrantReadWriteLock();
  private final Distributor distributor;
  private final FlushQueue flushQueue;
  private final ConcurrentMap<TenantId, TenantInstance> tenants = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;
  private final AtomicBoolean started = new AtomicBoolean();

  /**
   * An ingester with a write-ahead log in {@code walDir/segments} (fsync and segment size from
   * {@code config.wal()}) and no tenant limits.
   */
  public Ingester(
      IngesterConfig config,
      Backend backend,
      BlockEncoding encoding,
      BlockConfig blockConfig,
      Path walDir,
      Clock clock) {
    this(config, backend, encoding, blockConfig, walDir, clock, Overrides.UNLIMITED);
  }

  /** An ingester with a write-ahead log in {@code walDir/segments} and the tenants' {@code overrides}. */
  public Ingester(
      IngesterConfig config,
      Backend backend,
      BlockEncoding encoding,
      BlockConfig blockConfig,
      Path walDir,
      Clock clock,
      Overrides overrides) {
    this(config, backend, encoding, blockConfig, walDir, clock, openWal(walDir, config), overrides);
  }

  /** An ingester on {@code wal} without tenant limits ({@link WriteAheadLog#NONE}: no durability). */
  public Ingester(
      IngesterConfig config,
      Backend backend,
      BlockEncoding encoding,
      BlockConfig blockConfig,
      Path walDir,
      Clock clock,
      WriteAheadLog wal) {
    this(config, backend, encoding, blockConfig, walDir, clock, wal, Overrides.UNLIMITED);
  }

  private static WriteAheadLog openWal(Path walDir, IngesterConfig config) {
    if (walDir == null || config == null) {
      throw new IllegalArgumentException("walDir and config must not be null");
    }
    return SegmentedWal.open(walDir, config.wal());
  }

  /**
   * @param walDir the ingester's local directory ({@code storage.trace.wal.path}); blocks are staged
   *     under {@code walDir/blocks}
   * @param clock the time of trace idleness, block age and flushed-block expiry
   * @param wal where pushes are made durable before they are acknowledged; the ingester closes it
   * @param overrides each tenant's limits
   */
  public Ingester(
      IngesterConfig config,
      Backend backend,
      BlockEncoding encoding,
      BlockConfig blockConfig,
      Path walDir,
      Clock clock,
      WriteAheadLog wal,
      Overrides overrides) {
    if (config == null || backend == null || encoding == null || blockConfig == null) {
      throw new IllegalArgumentException("config, backend, encoding and blockConfig must not be null");
    }
    if (walDir == null || clock == null || wal == null || overrides == null) {
      throw new IllegalArgumentException("walDir, clock, wal and overrides must not be null");
    }
    this.config = config;
    this.memoryBudget = config.memoryBudget();
    this.clock = clock;
    this.wal = wal;
    this.overrides = overrides;
    this.distributor = new Distributor(this, overrides, new RateLimiter(clock), metrics);
    this.stagingRoot = walDir.resolve(STAGING_DIR);
    BlockFlusher flusher = new BlockFlusher(backend, encoding, blockConfig, stagingRoot, clock);
    registerWalMetrics();
    this.flushQueue =
        new FlushQueue(
            flusher,
            this::blockFlushed,
            metrics::flushFailed,
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

  /**
   * Replays the write-ahead log into memory, cuts what it replayed into blocks and starts writing
   * them, then sweeps for idle traces and due blocks every {@code flushCheckPeriod}. Call it before
   * the receivers accept spans.
   */
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("Cannot start ingester: it is already started");
    }
    deleteStaging();
    long replayStart = System.nanoTime();
    long records = wal.replay((record, segment) -> instance(record.tenant()).appendEncoded(record.encodedPieces(), segment));
    if (records > 0) {
      metrics.recordsReplayed(records);
      int blocks = 0;
      for (TenantInstance instance : tenants.values()) {
        for (CutBlock block : instance.cutAll()) {
          flushQueue.enqueue(block);
          blocks++;
        }
      }
      LOG.info(
          "Replayed {} write-ahead log records into {} blocks in {} ms; flushing them",
          records, blocks, (System.nanoTime() - replayStart) / 1_000_000);
    }
    long period = config.flushCheckPeriod().toNanos();
    sweeper.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * Validates {@code request}, refuses malformed spans, and keeps the rest. Returns how many spans
   * were accepted and refused; fails only if the spans could not be kept at all.
   */
  public PushResult push(TenantId tenant, ExportTraceServiceRequest request) {
    return distributor.push(tenant, request, null);
  }

  /**
   * As {@link #push(TenantId, ExportTraceServiceRequest)}, with the protobuf bytes {@code request}
   * was decoded from: the write-ahead log stores them as they are instead of encoding the spans
   * again, which keeps the push path's cost of the log to a copy.
   */
  public PushResult push(TenantId tenant, ExportTraceServiceRequest request, byte[] wire) {
    return distributor.push(tenant, request, wire);
  }

  /**
   * As {@link #push(TenantId, ExportTraceServiceRequest)}, for a request in protobuf bytes as
   * received: it is split per trace and kept without being decoded into messages.
   *
   * @throws dev.andante.ingester.distributor.MalformedRequestException when {@code request} is not
   *     a valid protobuf ExportTraceServiceRequest
   */
  public PushResult push(TenantId tenant, byte[] request) {
    return distributor.push(tenant, request);
  }

  /**
   * Keeps already validated {@code pieces}, one per trace ID (the distributor's and the ring's
   * path): those the tenant's per-trace limits admit are appended to the write-ahead log, then put
   * in memory. Returns the refused ones.
   *
   * @throws PushRefusedException when the log has used its disk budget or cannot be written
   */
  @Override
  public List<Refusal> push(TenantId tenant, List<Trace> pieces) {
    return push(tenant, pieces, null);
  }

  /**
   * As {@link #push(TenantId, List)}; when {@code request} (the protobuf bytes the pieces were split
   * from) is given, the log keeps those bytes and the IDs of the refused traces.
   */
  @Override
  public List<Refusal> push(TenantId tenant, List<Trace> pieces, byte[] request) {
    if (tenant == null || pieces == null) {
      throw new IllegalArgumentException("tenant and pieces must not be null");
    }
    List<EncodedPiece> encoded = new ArrayList<>(pieces.size());
    pieces.forEach(piece -> encoded.add(EncodedPiece.of(piece)));
    return pushEncoded(tenant, encoded, request);
  }

  /**
   * As {@link #push(TenantId, List, byte[])}, with the pieces in protobuf bytes: they are kept as
   * they are until their block is written.
   */
  @Override
  public List<Refusal> pushEncoded(TenantId tenant, List<EncodedPiece> pieces, byte[] request) {
    if (tenant == null || pieces == null) {
      throw new IllegalArgumentException("tenant and pieces must not be null");
    }
    refuseWhenFull(spans(pieces));
    TenantInstance instance = instance(tenant);
    List<Refusal> refused = new ArrayList<>(0);
    List<EncodedPiece> admitted = instance.admit(pieces, overrides.limits(tenant), refused);
    if (admitted.isEmpty()) {
      return refused;
    }
    walLock.readLock().lock();
    try {
      long segment;
      try {
        segment = request == null ? wal.appendEncoded(tenant, admitted) : wal.appendRequest(tenant, request, refusedIds(pieces, admitted));
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new PushRefusedException(
            RefusalReason.WAL_FAILURE, spans(admitted), BACK_PRESSURE_RETRY_AFTER, e.getMessage());
      }
      instance.appendEncoded(admitted, segment);
    } finally {
      walLock.readLock().unlock();
    }
    storedSpans.add(spans(admitted));
    return refused;
  }

  /** Refuses every push while the log's disk budget or the memory budget is used up. */
  @Override
  public void checkCapacity() {
    refuseWhenFull(0);
  }

  private void refuseWhenFull(int spans) {
    long diskBytes = wal.diskBytes();
    if (diskBytes >= config.walDiskBudgetBytes()) {
      throw new PushRefusedException(
          RefusalReason.WAL_DISK_BUDGET,
          spans,
          BACK_PRESSURE_RETRY_AFTER,
          "Cannot accept spans: the write-ahead log holds " + diskBytes + " bytes, its budget"
              + " (ingester.wal_disk_budget_bytes) is " + config.walDiskBudgetBytes()
              + "; blocks are not being written to the object store");
    }
    long held = heldBytes();
    if (held >= memoryBudget) {
      throw new PushRefusedException(
          RefusalReason.MEMORY_BUDGET,
          spans,
          BACK_PRESSURE_RETRY_AFTER,
          "Cannot accept spans: the ingester holds " + held + " bytes of spans not yet in blocks, its budget"
              + " (ingester.max_memory_bytes) is " + memoryBudget + "; blocks are being written slower than spans arrive");
    }
  }

  private static java.util.Set<TraceId> refusedIds(List<EncodedPiece> pieces, List<EncodedPiece> admitted) {
    if (admitted.size() == pieces.size()) {
      return java.util.Set.of();
    }
    java.util.Set<TraceId> refused = new java.util.HashSet<>();
    pieces.forEach(p -> refused.add(p.id()));
    admitted.forEach(p -> refused.remove(p.id()));
    return refused;
  }

  /** Protobuf bytes of spans held in memory and not yet in written blocks, over all tenants. */
  public long heldBytes() {
    long held = 0;
    for (TenantInstance instance : tenants.values()) {
      held += instance.heldBytes();
    }
    return held;
  }

  private TenantInstance instance(TenantId tenant) {
    return tenants.computeIfAbsent(tenant, t -> new TenantInstance(t, config, clock));
  }

  private static int spans(List<EncodedPiece> pieces) {
    int n = 0;
    for (EncodedPiece piece : pieces) {
      n += piece.spanCount();
    }
    return n;
  }

  /** The ingester's counters, for {@code /metrics}. */
  public IngesterMetrics metrics() {
    return metrics;
  }

  /** The write-ahead log pushes go to. */
  public WriteAheadLog wal() {
    return wal;
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
    // Past half the memory budget everything held goes to blocks now, not when idle or due: a
    // trace still receiving spans is then split over blocks, which reads and compaction join.
    boolean pressed = heldBytes() >= memoryBudget / 2;
    for (TenantInstance instance : tenants.values()) {
      (pressed ? instance.cutAll() : instance.sweep()).forEach(flushQueue::enqueue);
    }
    relogPinningTraces();
  }

  /**
   * A live trace holds its oldest segment, and with it every later one, until it is in a block: up
   * to {@code traceLivePeriod}. Live traces whose data reaches back more than one segment are
   * appended to the log again, so those segments can go once the blocks around them are written.
   * Replay then sees their spans twice, which combining pieces (one copy per span ID) absorbs.
   */
  void relogPinningTraces() {
    if (wal == WriteAheadLog.NONE) {
      return;
    }
    for (TenantInstance instance : tenants.values()) {
      walLock.readLock().lock();
      try {
        long current = wal.currentSegment();
        List<EncodedPiece> pinning = instance.pinningBefore(current - 1);
        if (pinning.isEmpty()) {
          continue;
        }
        wal.appendEncoded(instance.tenant(), pinning);
        java.util.Set<TraceId> ids = new java.util.HashSet<>();
        pinning.forEach(p -> ids.add(p.id()));
        instance.repin(ids, current);
        metrics.tracesRelogged(ids.size());
      } catch (RuntimeException e) {
        LOG.warn("Cannot append live traces of tenant {} to the write-ahead log again: {}", instance.tenant(), e.toString());
      } finally {
        walLock.readLock().unlock();
      }
    }
    truncateWal();
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

  /**
   * Stops sweeping and flushing and closes the write-ahead log. What is not flushed by then stays
   * in the log for the next start (or is dropped, without a log).
   */
  @Override
  public void close() {
    sweeper.shutdownNow();
    flushQueue.close();
    long unflushed = tenants.values().stream().filter(t -> !t.isFlushed()).count();
    if (unflushed > 0) {
      LOG.warn(
          "Closing the ingester with unflushed traces of {} tenants; {}",
          unflushed, wal == WriteAheadLog.NONE ? "they are dropped" : "the write-ahead log keeps them for the next start");
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
    metrics.blockFlushed();
    truncateWal();
  }

  /** Deletes the log segments below the lowest one still holding data not yet in a block. */
  void truncateWal() {
    long limit;
    walLock.writeLock().lock();
    try {
      long lowest = Long.MAX_VALUE;
      for (TenantInstance instance : tenants.values()) {
        lowest = Math.min(lowest, instance.lowestSegment());
      }
      // With nothing in memory, no push in flight (they hold the read lock) and every record in a
      // block, the current segment can go too: start a new one first.
      limit = lowest == Long.MAX_VALUE ? wal.rotate() : Math.min(lowest, wal.currentSegment());
    } finally {
      walLock.writeLock().unlock();
    }
    // Pushes after the lock land in the current segment or a later one, never below the limit.
    wal.deleteSegmentsBefore(limit);
  }

  /** Spans this ingester has taken into its log and memory since it started, replicas included. */
  public long storedSpans() {
    return storedSpans.sum();
  }

  private void registerWalMetrics() {
    metrics.register("andante_ingester_spans_stored_total", "counter",
        "Spans this ingester wrote to its log and holds, from any distributor (replicas included).", storedSpans::sum);
    metrics.register("andante_ingester_held_bytes", "gauge",
        "Bytes of spans held in memory and not yet in written blocks (ingester.max_memory_bytes bounds it).", this::heldBytes);
    metrics.register("andante_ingester_wal_disk_bytes", "gauge", "Bytes the write-ahead log takes on disk.", wal::diskBytes);
    if (wal instanceof SegmentedWal segmented) {
      var log = segmented.log();
      metrics.register("andante_ingester_wal_appended_bytes_total", "counter", "Bytes appended to the write-ahead log.", log::appendedBytes);
      metrics.register("andante_ingester_wal_records_total", "counter", "Records appended to the write-ahead log.", log::appendedRecords);
      metrics.register("andante_ingester_wal_fsyncs_total", "counter", "Write-ahead log syncs (one per group commit).", log::fsyncs);
      metrics.register("andante_ingester_wal_segments", "gauge", "Write-ahead log segments on disk.", log::segmentCount);
      metrics.register("andante_ingester_wal_torn_tails_total", "counter", "Torn or corrupt segment tails skipped at replay.", log::tornTails);
    }
  }

  /** Blocks half-staged when the process died are rebuilt from the log: their files are garbage. */
  private void deleteStaging() {
    if (!Files.exists(stagingRoot)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(stagingRoot)) {
      paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(stagingRoot)).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot clear block staging directory {}: {}", stagingRoot, e.toString());
    }
  }
}
