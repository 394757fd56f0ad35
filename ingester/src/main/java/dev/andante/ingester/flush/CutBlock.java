package dev.andante.ingester.flush;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.ingester.distributor.EncodedPiece;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A block cut from a tenant's head block: completed traces, sorted by ID, waiting to be written.
 * Immutable. It keeps its block ID across flush attempts, so a retry overwrites what a failed
 * attempt left behind instead of leaving a second, orphaned block.
 *
 * @param tenant owner of the traces
 * @param blockId ID of the block it becomes
 * @param traces the pieces of every trace (protobuf bytes, decoded when the block is written), by
 *     trace ID in block order
 * @param bytes protobuf size of all pieces
 * @param cutAt when the block was cut
 * @param minSegment lowest write-ahead log segment holding any of its pieces ({@code
 *     Long.MAX_VALUE} when none does): the segments from it on are kept until the block is written
 */
public record CutBlock(
    TenantId tenant, UUID blockId, SortedMap<TraceId, List<EncodedPiece>> traces, long bytes, Instant cutAt, long minSegment) {
  public CutBlock {
    if (tenant == null || blockId == null || traces == null || cutAt == null) {
      throw new IllegalArgumentException("tenant, blockId, traces and cutAt must not be null");
    }
    traces = Collections.unmodifiableSortedMap(new TreeMap<>(traces));
  }

  public int traceCount() {
    return traces.size();
  }

  /** The pieces of trace {@code id} this block holds, or an empty list. */
  public List<EncodedPiece> pieces(TraceId id) {
    return traces.getOrDefault(id, List.of());
  }
}
