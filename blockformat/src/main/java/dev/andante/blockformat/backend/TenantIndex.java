package dev.andante.blockformat.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.andante.blockformat.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * What {@code <tenant>/index.json.gz} says: every live and compacted block of one tenant at the time
 * the compactor built it. Queriers and other compactors read it instead of listing the bucket and
 * fetching one meta per block. Field names follow Tempo's tenant index.
 *
 * @param createdAt when the index was built; readers use it to tell a stale index
 * @param metas metas of the live blocks (those with a meta.json)
 * @param compacted metas of the blocks the compactor has replaced but not yet deleted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantIndex(
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("meta") List<BlockMeta> metas,
    @JsonProperty("compacted") List<CompactedBlockMeta> compacted) {

  public TenantIndex {
    if (createdAt == null) {
      throw new IllegalArgumentException("createdAt must not be null");
    }
    metas = metas == null ? List.of() : List.copyOf(metas);
    compacted = compacted == null ? List.of() : List.copyOf(compacted);
  }

  /**
   * Checks that every block in this index belongs to {@code tenant}, so an index can never make one
   * tenant's reads go to another tenant's blocks.
   *
   * @throws IllegalArgumentException naming the first block of another tenant
   */
  void checkTenant(TenantId tenant) {
    for (BlockMeta meta : metas) {
      checkOwner(tenant, meta, "meta");
    }
    for (CompactedBlockMeta c : compacted) {
      if (c == null || c.meta() == null) {
        throw new IllegalArgumentException("index.compacted must not contain null metas (tenant " + tenant.value() + ")");
      }
      checkOwner(tenant, c.meta(), "compacted");
    }
  }

  private static void checkOwner(TenantId tenant, BlockMeta meta, String list) {
    if (meta == null) {
      throw new IllegalArgumentException("index." + list + " must not contain null metas (tenant " + tenant.value() + ")");
    }
    if (!tenant.value().equals(meta.tenantId())) {
      throw new IllegalArgumentException(
          "index." + list + " holds block " + meta.blockId() + " of tenant '" + meta.tenantId()
              + "', not of '" + tenant.value() + "'");
    }
  }
}
