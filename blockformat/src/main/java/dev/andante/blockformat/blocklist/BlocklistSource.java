package dev.andante.blockformat.blocklist;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BlockMeta;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a {@link Blocklist} learns which blocks are live. The default lists the bucket ({@link
 * ListingBlocklistSource}); a source that reads the tenant index ({@code index.json.gz}) first and
 * lists only when it is missing or stale plugs in here.
 *
 * <p>Implementations are thread safe and blocking.
 */
public interface BlocklistSource {

  /** Tenants that may have blocks. */
  List<TenantId> tenants();

  /**
   * The live blocks of {@code tenant}: blocks with a meta.json and no meta.compacted.json. Metas in
   * {@code known} (by block ID) are reused rather than read again — blocks are immutable, so a meta
   * never changes once written.
   *
   * @throws dev.andante.blockformat.backend.BackendException when the tenant cannot be listed
   */
  TenantBlocks live(TenantId tenant, Map<UUID, BlockMeta> known);

  /**
   * What one tenant's poll found.
   *
   * @param metas metas of the live blocks
   * @param metasRead meta.json objects read (not taken from {@code known})
   * @param failures blocks whose meta.json could not be read or parsed; they are left out
   */
  record TenantBlocks(List<BlockMeta> metas, int metasRead, int failures) {
    public TenantBlocks {
      metas = List.copyOf(metas);
    }
  }
}
