package dev.andante.blockformat.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.andante.blockformat.TenantId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The typed layer over an {@link ObjectStore}: tenants, blocks and their metas. Thread safe,
 * blocking, uncached.
 */
public final class Backend implements AutoCloseable {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  private final ObjectStore store;

  public Backend(ObjectStore store) {
    if (store == null) {
      throw new IllegalArgumentException("store must not be null");
    }
    this.store = store;
  }

  public ObjectStore store() {
    return store;
  }

  /** Tenants that have at least one object. */
  public List<TenantId> tenants() {
    List<TenantId> tenants = new ArrayList<>();
    for (String name : store.listFolders("")) {
      try {
        tenants.add(new TenantId(name));
      } catch (IllegalArgumentException ignored) {
        // Not ours: a folder whose name is no valid tenant cannot have been written by Andante.
      }
    }
    return tenants;
  }

  /** IDs of the blocks under {@code tenant}, live or compacted, including ones still being written. */
  public List<UUID> blocks(TenantId tenant) {
    List<UUID> ids = new ArrayList<>();
    for (String name : store.listFolders(tenant.value() + "/")) {
      try {
        ids.add(UUID.fromString(name));
      } catch (IllegalArgumentException ignored) {
        // Not a block folder.
      }
    }
    return ids;
  }

  /**
   * The block's meta, or empty when the block has none (being written, or compacted and replaced).
   */
  public Optional<BlockMeta> blockMeta(TenantId tenant, UUID blockId) {
    String key = BlockKeys.key(tenant, blockId, BlockKeys.META);
    try {
      return Optional.of(parse(store.read(key), BlockMeta.class, key));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** The compacted meta of a block the compactor has replaced, or empty. */
  public Optional<CompactedBlockMeta> compactedBlockMeta(TenantId tenant, UUID blockId) {
    String key = BlockKeys.key(tenant, blockId, BlockKeys.COMPACTED_META);
    try {
      return Optional.of(parse(store.read(key), CompactedBlockMeta.class, key));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Metas of the blocks of {@code tenant} that the compactor has replaced and not yet deleted, in
   * block-ID order. One listing of the tenant's keys, then one GET per compacted block; a block
   * deleted meanwhile is left out.
   *
   * @throws BackendException naming the key of a compacted meta that cannot be parsed
   */
  public List<CompactedBlockMeta> compactedBlocks(TenantId tenant) {
    checkTenant(tenant);
    List<CompactedBlockMeta> metas = new ArrayList<>();
    for (String key : store.list(tenant.value() + "/")) {
      if (!isCompactedMeta(tenant, key)) {
        continue;
      }
      try {
        metas.add(parse(store.read(key), CompactedBlockMeta.class, key));
      } catch (NotFoundException e) {
        // Deleted after the listing: past its retention, so no longer of interest.
      }
    }
    return metas;
  }

  private static boolean isCompactedMeta(TenantId tenant, String key) {
    String[] parts = key.substring(tenant.value().length() + 1).split("/");
    if (parts.length != 2 || !parts[1].equals(BlockKeys.COMPACTED_META)) {
      return false;
    }
    try {
      UUID.fromString(parts[0]);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Writes {@code <tenant>/index.json.gz}, replacing the previous index whole (readers see the old
   * or the new one, never a mix).
   *
   * @throws IllegalArgumentException if the index holds a block of another tenant
   */
  public void writeTenantIndex(TenantId tenant, TenantIndex index) {
    checkTenant(tenant);
    if (index == null) {
      throw new IllegalArgumentException("index must not be null");
    }
    index.checkTenant(tenant);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(bytes)) {
      JSON.writeValue(gzip, index);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize tenant index of " + tenant.value() + ": " + e, e);
    }
    store.write(BlockKeys.tenantIndex(tenant), bytes.toByteArray());
  }

  /**
   * The tenant index of {@code tenant}, or empty when none has been written yet.
   *
   * @throws BackendException naming the key when the object is not gzip'd JSON of a tenant index,
   *     or names another tenant's blocks
   */
  public Optional<TenantIndex> tenantIndex(TenantId tenant) {
    checkTenant(tenant);
    String key = BlockKeys.tenantIndex(tenant);
    byte[] compressed;
    try {
      compressed = store.read(key);
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    TenantIndex index;
    try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      index = JSON.readValue(json, TenantIndex.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new BackendException("Cannot read tenant index: " + e.getMessage() + " (" + key + ")", e);
    }
    if (index == null) {
      throw new BackendException("Cannot read tenant index: it is JSON null (" + key + ")");
    }
    try {
      index.checkTenant(tenant);
    } catch (IllegalArgumentException e) {
      throw new BackendException("Cannot read tenant index: " + e.getMessage() + " (" + key + ")", e);
    }
    return Optional.of(index);
  }

  private static void checkTenant(TenantId tenant) {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant must not be null");
    }
  }

  /** Writes meta.json, which makes the block visible. Call it after every other object of the block. */
  public void writeBlockMeta(BlockMeta meta) {
    store.write(BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.META), serialize(meta));
  }

  /**
   * Replaces the block's meta.json by meta.compacted.json: queriers stop reading it, and it is
   * deleted after the compacted-block retention.
   */
  public void markCompacted(BlockMeta meta, Instant compactedTime) {
    store.write(
        BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.COMPACTED_META),
        serialize(new CompactedBlockMeta(meta, compactedTime)));
    store.delete(BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.META));
  }

  /** Deletes every object of the block, meta.json first so that no reader sees half a block. */
  public void deleteBlock(TenantId tenant, UUID blockId) {
    store.delete(BlockKeys.key(tenant, blockId, BlockKeys.META));
    for (String key : store.list(BlockKeys.blockFolder(tenant, blockId))) {
      store.delete(key);
    }
  }

  static byte[] serialize(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T parse(byte[] json, Class<T> type, String key) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new BackendException("Cannot parse " + type.getSimpleName() + ": " + e.getMessage() + " (" + key + ")", e);
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (Exception e) {
      throw new BackendException("Cannot close object store: " + e.getMessage(), e);
    }
  }
}
