package dev.andante.ingester.live;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.flush.CutBlock;
import dev.andante.ingester.flush.FlushedBlock;
import dev.andante.ingester.distributor.EncodedPiece;
import dev.andante.ingester.limits.Limits;
import dev.andante.ingester.limits.Refusal;
import dev.andante.ingester.limits.RefusalReason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's traces in the ingester, in four stages: live (still receiving spans), the head block
 * (complete, waiting to be cut), cut blocks (being written) and flushed blocks (written, still
 * served for {@code completeBlockTimeout}). A trace is always findable in exactly the stages it has
 * reached; moving between stages happens under one lock, so a lookup never misses it in between.
 * Thread safe.
 */
public final class TenantInstance {
  private static final Logger LOG = LoggerFactory.getLogger(TenantInstance.class);

  private final TenantId tenant;
  private final IngesterConfig config;
  private final Clock clock;
  private final Map<TraceId, LiveTrace> live = new HashMap<>();
  private final List<CutBlock> cut = new ArrayList<>();
  private final List<FlushedBlock> flushed = new ArrayList<>();
  private HeadBlock head;
  private long liveBytes;
  /** Protobuf bytes of the cut blocks not yet written. */
  private long cutBytes;

  public TenantInstance(TenantId tenant, IngesterConfig config, Clock clock) {
    if (tenant == null || config == null || clock == null) {
      throw new IllegalArgumentException("tenant, config and clock must not be null");
    }
    this.tenant = tenant;
    this.config = config;
    this.clock = clock;
  }

  public TenantId tenant() {
    return tenant;
  }

  /**
   * Splits {@code pieces} into those {@code limits} let in and those they refuse: a piece of a new
   * trace once the tenant has {@code maxTracesPerUser} live traces, a piece that would take its
   * trace past {@code maxBytesPerTrace} (counting what the trace has live and in the head block).
   * Refusals are added to {@code refused}, one per reason. The limits are soft: pushes admitted
   * concurrently are not counted against each other until they are appended.
   */
  public List<EncodedPiece> admit(List<EncodedPiece> pieces, Limits limits, List<Refusal> refused) {
    if (limits.maxTracesPerUser() == 0 && limits.maxBytesPerTrace() == 0) {
      return pieces;
    }
    long[] sizes = sizes(pieces);
    List<EncodedPiece> admitted = new ArrayList<>(pieces.size());
    RefusalTally tooLarge = new RefusalTally(RefusalReason.TRACE_TOO_LARGE);
    RefusalTally tooMany = new RefusalTally(RefusalReason.LIVE_TRACES_EXCEEDED);
    synchronized (this) {
      int liveTraces = live.size();
      for (int i = 0; i < sizes.length; i++) {
        EncodedPiece piece = pieces.get(i);
        LiveTrace existing = live.get(piece.id());
        if (existing == null && limits.maxTracesPerUser() > 0 && liveTraces >= limits.maxTracesPerUser()) {
          tooMany.add(piece, "max live traces exceeded for tenant " + tenant + ": max_traces_per_user is "
              + limits.maxTracesPerUser() + ", the tenant has " + liveTraces);
          continue;
        }
        long traceBytes = (existing == null ? 0 : existing.bytes) + (head == null ? 0 : head.bytesOf(piece.id()));
        if (limits.maxBytesPerTrace() > 0 && traceBytes + sizes[i] > limits.maxBytesPerTrace()) {
          tooLarge.add(piece, "trace " + piece.id() + " of tenant " + tenant + " would exceed max_bytes_per_trace ("
              + limits.maxBytesPerTrace() + " bytes): it holds " + traceBytes + ", adding " + sizes[i]);
          continue;
        }
        if (existing == null) {
          liveTraces++;
        }
        admitted.add(piece);
      }
    }
    tooLarge.addTo(refused);
    tooMany.addTo(refused);
    return admitted;
  }

  /** Adds pieces of live traces; each piece holds spans of its own trace ID only. */
  public void append(List<Trace> pieces) {
    append(pieces, 0);
  }

  /**
   * Adds pieces of live traces that the write-ahead log holds in {@code segment}; each piece holds
   * spans of its own trace ID only. They are encoded first: prefer {@link #appendEncoded}.
   */
  public void append(List<Trace> pieces, long segment) {
    List<EncodedPiece> encoded = new ArrayList<>(pieces.size());
    pieces.forEach(piece -> encoded.add(EncodedPiece.of(piece)));
    appendEncoded(encoded, segment);
  }

  /**
   * Adds pieces of live traces that the write-ahead log holds in {@code segment}; each piece holds
   * spans of its own trace ID only. They are kept as they are, in protobuf bytes.
   */
  public void appendEncoded(List<EncodedPiece> pieces, long segment) {
    long[] sizes = sizes(pieces);
    synchronized (this) {
      Instant now = clock.instant();
      for (int i = 0; i < sizes.length; i++) {
        EncodedPiece piece = pieces.get(i);
        live.computeIfAbsent(piece.id(), id -> new LiveTrace(id, now)).append(piece, sizes[i], now, segment);
        liveBytes += sizes[i];
      }
    }
  }

  /**
   * Moves traces idle for {@code traceIdlePeriod} to the head block, cuts the head block when it
   * is due (size or age), and forgets flushed blocks older than {@code completeBlockTimeout}.
   * Returns the blocks cut, which the caller must flush.
   */
  public synchronized List<CutBlock> sweep() {
    Instant now = clock.instant();
    Instant idleBefore = now.minus(config.traceIdlePeriod());
    Instant bornBefore = now.minus(config.traceLivePeriod());
    for (Iterator<LiveTrace> it = live.values().iterator(); it.hasNext(); ) {
      LiveTrace trace = it.next();
      // A trace that never goes idle is still moved on, so its block is cut and its WAL freed.
      if (!trace.lastAppend.isAfter(idleBefore) || !trace.firstAppend.isAfter(bornBefore)) {
        moveToHead(trace, now);
        it.remove();
      }
    }
    expireFlushed(now);
    if (head != null && head.isDue(now, config.maxBlockBytes(), config.maxBlockDuration())) {
      return List.of(cutHead(now));
    }
    return List.of();
  }

  /** Moves every live trace to the head block and cuts it, whatever its size or age (shutdown). */
  public synchronized List<CutBlock> cutAll() {
    Instant now = clock.instant();
    for (LiveTrace trace : live.values()) {
      moveToHead(trace, now);
    }
    live.clear();
    return head == null ? List.of() : List.of(cutHead(now));
  }

  /** Replaces cut block {@code block} by the block written from it, in one step. */
  public synchronized void markFlushed(CutBlock block, FlushedBlock written) {
    if (cut.remove(block)) {
      cutBytes -= block.bytes();
    }
    flushed.add(written);
  }

  /**
   * Every piece of trace {@code id} this tenant holds: live, head, cut, and the parts found in
   * recently flushed blocks. May read the object store; call it off the event loop. A flushed block
   * that cannot be read is logged and skipped, so the answer may be partial but still returns.
   */
  public List<Trace> find(TraceId id) {
    List<Trace> pieces = new ArrayList<>();
    List<EncodedPiece> encoded = new ArrayList<>();
    List<FlushedBlock> blocks;
    synchronized (this) {
      LiveTrace liveTrace = live.get(id);
      if (liveTrace != null) {
        encoded.addAll(liveTrace.pieces);
      }
      if (head != null) {
        encoded.addAll(head.pieces(id));
      }
      for (CutBlock block : cut) {
        encoded.addAll(block.pieces(id));
      }
      blocks = List.copyOf(flushed);
    }
    // Decoded outside the lock: pieces are immutable.
    for (EncodedPiece piece : encoded) {
      pieces.add(piece.decode());
    }
    for (FlushedBlock block : blocks) {
      if (!block.meta().mayContain(id)) {
        continue;
      }
      try {
        block.reader().find(id).ifPresent(pieces::add);
      } catch (RuntimeException e) {
        LOG.warn("Cannot read trace {} from block {} of tenant {}: {}", id, block.meta().blockId(), tenant, e.toString());
      }
    }
    return pieces;
  }

  /**
   * The lowest write-ahead log segment holding data this tenant has not yet written to a block, or
   * {@code Long.MAX_VALUE} when it holds none.
   */
  public synchronized long lowestSegment() {
    long min = Long.MAX_VALUE;
    for (LiveTrace trace : live.values()) {
      min = Math.min(min, trace.minSegment);
    }
    if (head != null) {
      min = Math.min(min, head.minSegment);
    }
    for (CutBlock block : cut) {
      min = Math.min(min, block.minSegment());
    }
    return min;
  }

  /**
   * Copies of the live traces whose data reaches back before WAL segment {@code segment}: each as
   * one piece per piece it holds. The caller appends them to the log again and then calls {@link
   * #repin}, so that one long-lived trace does not keep every segment since its first span.
   */
  public synchronized List<EncodedPiece> pinningBefore(long segment) {
    List<EncodedPiece> pieces = new ArrayList<>();
    for (LiveTrace trace : live.values()) {
      if (trace.minSegment < segment) {
        pieces.addAll(trace.pieces);
      }
    }
    return pieces;
  }

  /**
   * Records that the pieces returned by {@link #pinningBefore} for {@code ids} are now in segment
   * {@code segment} or later (pieces appended since are in later segments too).
   */
  public synchronized void repin(java.util.Collection<TraceId> ids, long segment) {
    for (TraceId id : ids) {
      LiveTrace trace = live.get(id);
      if (trace != null && trace.minSegment < segment) {
        trace.minSegment = segment;
      }
    }
  }

  private static long[] sizes(List<EncodedPiece> pieces) {
    long[] sizes = new long[pieces.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = pieces.get(i).size();
    }
    return sizes;
  }

  /** Refused pieces of one reason, reported as one refusal with the first one's message. */
  private static final class RefusalTally {
    private final RefusalReason reason;
    private int traces;
    private int spans;
    private String first;

    RefusalTally(RefusalReason reason) {
      this.reason = reason;
    }

    void add(EncodedPiece piece, String message) {
      traces++;
      spans += piece.spanCount();
      if (first == null) {
        first = message;
      }
    }

    void addTo(List<Refusal> refused) {
      if (traces > 0) {
        refused.add(new Refusal(reason, spans, traces == 1 ? first : first + " (and " + (traces - 1) + " more traces)"));
      }
    }
  }

  /** What is held right now, for metrics and tests. */
  public synchronized Stats stats() {
    return new Stats(
        live.size(),
        liveBytes,
        head == null ? 0 : head.traces.size(),
        head == null ? 0 : head.bytes,
        cut.size(),
        flushed.size());
  }

  /** Protobuf bytes held in memory and not yet in a written block: live, head and cut. */
  public synchronized long heldBytes() {
    return liveBytes + (head == null ? 0 : head.bytes) + cutBytes;
  }

  /** Whether nothing is held in memory that is not yet in a written block. */
  public synchronized boolean isFlushed() {
    return live.isEmpty() && head == null && cut.isEmpty();
  }

  private void moveToHead(LiveTrace trace, Instant now) {
    if (head == null) {
      head = new HeadBlock(now);
    }
    head.add(trace);
    liveBytes -= trace.bytes;
  }

  private CutBlock cutHead(Instant now) {
    CutBlock block = head.cut(tenant, now);
    head = null;
    cut.add(block);
    cutBytes += block.bytes();
    return block;
  }

  private void expireFlushed(Instant now) {
    Instant expiredBefore = now.minus(config.completeBlockTimeout());
    flushed.removeIf(block -> !block.flushedAt().isAfter(expiredBefore));
  }

  /**
   * @param liveTraces traces still receiving spans
   * @param liveBytes their protobuf size
   * @param headTraces completed traces waiting in the head block
   * @param headBytes their protobuf size
   * @param cutBlocks blocks cut and not yet written
   * @param flushedBlocks written blocks still served
   */
  public record Stats(
      int liveTraces, long liveBytes, int headTraces, long headBytes, int cutBlocks, int flushedBlocks) {}
}
