package dev.andante.blockformat.blocklist;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.TenantIndex;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns a tenant's live blocks from the tenant index the compactor writes ({@code
 * <tenant>/index.json.gz}): one GET instead of a listing and a GET per new block. Falls back to
 * {@code fallback} (a listing) when the tenant has no index, when it cannot be read, or when it is
 * older than {@code maxAge}, e.g. because no compactor runs. Thread safe, blocking.
 */
public final class TenantIndexBlocklistSource implements BlocklistSource {
  /** An index older than this is not trusted: new blocks would stay unseen. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(TenantIndexBlocklistSource.class);

  private final Backend backend;
  private final BlocklistSource fallback;
  private final Duration maxAge;
  private final Clock clock;
  private final AtomicLong fromIndex = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();

  public TenantIndexBlocklistSource(Backend backend) {
    this(backend, new ListingBlocklistSource(backend), DEFAULT_MAX_AGE, Clock.systemUTC());
  }

  public TenantIndexBlocklistSource(Backend backend, BlocklistSource fallback, Duration maxAge, Clock clock) {
    if (backend == null || fallback == null || clock == null) {
      throw new IllegalArgumentException("backend, fallback and clock must not be null");
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
    this.backend = backend;
    this.fallback = fallback;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public List<TenantId> tenants() {
    return fallback.tenants();
  }

  @Override
  public TenantBlocks live(TenantId tenant, Map<UUID, BlockMeta> known) {
    Optional<TenantIndex> index = read(tenant);
    if (index.isPresent() && !index.get().createdAt().isBefore(clock.instant().minus(maxAge))) {
      fromIndex.incrementAndGet();
      return new TenantBlocks(index.get().metas(), 0, 0);
    }
    if (index.isPresent()) {
      LOG.debug("Tenant index of {} was created at {}, older than {}: listing instead", tenant, index.get().createdAt(), maxAge);
    }
    fallbacks.incrementAndGet();
    return fallback.live(tenant, known);
  }

  /** Polls of a tenant answered from its index. */
  public long fromIndex() {
    return fromIndex.get();
  }

  /** Polls of a tenant that fell back to listing. */
  public long fallbacks() {
    return fallbacks.get();
  }

  private Optional<TenantIndex> read(TenantId tenant) {
    try {
      return backend.tenantIndex(tenant);
    } catch (BackendException e) {
      LOG.warn("Cannot read tenant index: {} (tenant {})", e.getMessage(), tenant);
      return Optional.empty();
    }
  }
}
