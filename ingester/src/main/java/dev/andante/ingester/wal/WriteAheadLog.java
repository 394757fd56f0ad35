package dev.andante.ingester.wal;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.trace.Trace;
import java.util.List;

/**
 * Where the push path makes trace pieces durable before it acknowledges them. The ingester calls
 * {@link #append} before the pieces enter memory; when it returns, the pieces must survive a crash
 * as far as the log's fsync policy promises. Implementations are thread safe and may block (group
 * commit batches concurrent appends into one fsync).
 *
 * <p>Replaying the log after a crash, and truncating it once a block is flushed, belong to the
 * implementation; {@link #NONE} keeps nothing, so an ingester without a log loses what is in memory
 * when its process dies.
 */
public interface WriteAheadLog extends AutoCloseable {

  /** Keeps nothing: acknowledged pieces live only in memory until their block is flushed. */
  WriteAheadLog NONE = (tenant, pieces) -> {};

  /**
   * Makes {@code pieces} of {@code tenant} durable. Throws (unchecked) if they could not be
   * written, in which case the push is refused and the client retries.
   */
  void append(TenantId tenant, List<Trace> pieces);

  @Override
  default void close() {}
}
