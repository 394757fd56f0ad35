package dev.andante.ingester.live;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.ingester.distributor.EncodedPiece;
import dev.andante.ingester.flush.CutBlock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Completed traces of one tenant waiting to be cut into a block. A trace that completes twice
 * (spans arrived after it went idle) keeps all its pieces under one ID. Guarded by its tenant's
 * lock.
 */
final class HeadBlock {
  final Instant createdAt;
  final TreeMap<TraceId, List<EncodedPiece>> traces = new TreeMap<>();
  final java.util.HashMap<TraceId, Long> bytesPerTrace = new java.util.HashMap<>();
  long bytes;
  /** Lowest WAL segment holding any piece of any of its traces. */
  long minSegment = Long.MAX_VALUE;

  HeadBlock(Instant createdAt) {
    this.createdAt = createdAt;
  }

  void add(LiveTrace trace) {
    traces.computeIfAbsent(trace.id, k -> new ArrayList<>(trace.pieces.size())).addAll(trace.pieces);
    bytes += trace.bytes;
    bytesPerTrace.merge(trace.id, trace.bytes, Long::sum);
    minSegment = Math.min(minSegment, trace.minSegment);
  }

  long bytesOf(TraceId id) {
    return bytesPerTrace.getOrDefault(id, 0L);
  }

  boolean isDue(Instant now, long maxBytes, Duration maxDuration) {
    return bytes >= maxBytes || !now.isBefore(createdAt.plus(maxDuration));
  }

  List<EncodedPiece> pieces(TraceId id) {
    return traces.getOrDefault(id, List.of());
  }

  CutBlock cut(TenantId tenant, Instant now) {
    return new CutBlock(tenant, UUID.randomUUID(), traces, bytes, now, minSegment);
  }
}
