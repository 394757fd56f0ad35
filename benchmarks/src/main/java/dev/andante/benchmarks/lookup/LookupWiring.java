package dev.andante.benchmarks.lookup;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.blocklist.BlockReaderCache;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.querier.QuerierConfig;
import dev.andante.querier.tracebyid.RecentTraceSource;
import dev.andante.querier.tracebyid.TraceByIdService;

/** The querier's trace-by-ID wiring, as the deploy module's querier role builds it. */
final class LookupWiring {
  private LookupWiring() {}

  static TraceByIdService service(Backend backend, Blocklist blocklist) {
    BlockReaderCache readers =
        new BlockReaderCache(BlockReaderCache.DEFAULT_MAX_READERS, meta -> Encodings.open(backend, meta));
    return new TraceByIdService(QuerierConfig.DEFAULT, blocklist, readers, RecentTraceSource.NONE);
  }
}
