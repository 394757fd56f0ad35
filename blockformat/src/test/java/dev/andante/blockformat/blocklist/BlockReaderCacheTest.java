package dev.andante.blockformat.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.UnknownEncodingException;
import dev.andante.blockformat.trace.Trace;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlockReaderCacheTest {
  private static final TenantId ACME = new TenantId("acme");

  /** A reader that reads nothing; the cache only holds it. */
  private record EmptyReader(BlockMeta meta) implements BlockReader {
    @Override
    public Optional<Trace> find(TraceId id) {
      return Optional.empty();
    }

    @Override
    public TraceIterator iterator() {
      throw new UnsupportedOperationException("not needed here");
    }
  }

  @Test
  void reusesReadersAndDropsTheLeastRecentlyUsedPastTheBound() {
    BlockReaderCache cache = new BlockReaderCache(2, EmptyReader::new);
    BlockMeta a = BlocklistTest.meta(ACME, 0);
    BlockMeta b = BlocklistTest.meta(ACME, 1);
    BlockMeta c = BlocklistTest.meta(ACME, 2);

    BlockReader readerA = cache.reader(a);
    assertThat(cache.reader(a)).isSameAs(readerA);
    cache.reader(b);
    cache.reader(a); // a is now more recent than b
    cache.reader(c); // b goes

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.opened()).isEqualTo(3);
    assertThat(cache.reader(a)).isSameAs(readerA);
    cache.reader(b);
    assertThat(cache.opened()).isEqualTo(4);

    cache.evict(ACME, b.blockId());
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void forBackendOpensTheEncodingTheMetaNames() {
    BlockReaderCache cache = BlockReaderCache.forBackend(new Backend(new MemoryObjectStore()), 4);
    BlockMeta v1 = BlocklistTest.meta(ACME, 0);
    BlockMeta future = new BlockMeta("v9", v1.blockId(), v1.tenantId(), v1.minId(), v1.maxId(), v1.startTime(),
        v1.endTime(), 1, 1, 1, 0, 1, 1, 1);

    assertThat(cache.reader(v1).meta()).isEqualTo(v1);
    cache.evict(ACME, v1.blockId());
    assertThatThrownBy(() -> cache.reader(future))
        .isInstanceOf(UnknownEncodingException.class)
        .hasMessageContaining("unknown encoding version 'v9'");
  }

  @Test
  void checksArguments() {
    assertThatThrownBy(() -> new BlockReaderCache(0, EmptyReader::new))
        .hasMessageContaining("maxReaders must be at least 1, got 0");
    assertThatThrownBy(() -> new BlockReaderCache(1, EmptyReader::new).reader(null))
        .hasMessageContaining("meta must not be null");
  }
}
