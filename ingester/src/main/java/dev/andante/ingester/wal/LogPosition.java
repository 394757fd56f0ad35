package dev.andante.ingester.wal;

/** Where a record lies in a {@link SegmentedLog}: its segment's sequence number and byte offset. */
public record LogPosition(long segment, long offset) {}
