package dev.andante.blockformat.backend;

import dev.andante.blockformat.TenantId;
import java.util.UUID;

/** Object names of the bucket layout: {@code <tenant>/<blockID>/<file>}. */
public final class BlockKeys {
  public static final String META = "meta.json";
  public static final String COMPACTED_META = "meta.compacted.json";
  public static final String DATA = "data.parquet";
  public static final String INDEX = "index";
  /** Sorted 32-bit fingerprints of the block's trace IDs (v1 blocks written since it was added). */
  public static final String FINGERPRINTS = "fingerprints";
  public static final String BLOOM_PREFIX = "bloom-";
  public static final String TENANT_INDEX = "index.json.gz";

  private BlockKeys() {}

  public static String blockFolder(TenantId tenant, UUID blockId) {
    return tenant.value() + "/" + blockId + "/";
  }

  public static String key(TenantId tenant, UUID blockId, String file) {
    return blockFolder(tenant, blockId) + file;
  }

  public static String bloom(TenantId tenant, UUID blockId, int shard) {
    return key(tenant, blockId, BLOOM_PREFIX + shard);
  }

  public static String tenantIndex(TenantId tenant) {
    return tenant.value() + "/" + TENANT_INDEX;
  }
}
