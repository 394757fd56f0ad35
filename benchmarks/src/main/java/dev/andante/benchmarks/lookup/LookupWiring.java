package dev.andante.benchmarks.lookup;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.blocklist.BlockReaderCache;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockCache;
import dev.andante.querier.QuerierConfig;
import dev.andante.querier.tracebyid.RecentTraceSource;
import dev.andante.querier.tracebyid.TraceByIdService;

/** The querier's trace-by-ID wiring, as the deploy module's querier role builds it. */
final class LookupWiring {
  private LookupWiring() {}

  static TraceByIdService service(Backend backend, Blocklist blocklist) {
    QuerierConfig config = QuerierConfig.DEFAULT;
    BlockReaderCache readers = BlockReaderCache.forBackend(
        backend, BlockReaderCache.DEFAULT_MAX_SHARED_CACHE_READERS, new BlockCache(config.blockCacheBytes()));
    return new TraceByIdService(config, blocklist, readers, RecentTraceSource.NONE);
  }

  /** What the querier role does after each blocklist poll. */
  static void afterPoll(TraceByIdService service) {
    service.prepare();
  }
}
