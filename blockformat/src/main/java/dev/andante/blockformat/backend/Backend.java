package dev.andante.blockformat.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.andante.blockformat.TenantId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
    try {
      return Optional.of(parse(store.read(BlockKeys.key(tenant, blockId, BlockKeys.META)), BlockMeta.class));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** The compacted meta of a block the compactor has replaced, or empty. */
  public Optional<CompactedBlockMeta> compactedBlockMeta(TenantId tenant, UUID blockId) {
    try {
      return Optional.of(
          parse(store.read(BlockKeys.key(tenant, blockId, BlockKeys.COMPACTED_META)), CompactedBlockMeta.class));
    } catch (NotFoundException e) {
      return Optional.empty();
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

  static <T> T parse(byte[] json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new BackendException("Cannot parse " + type.getSimpleName() + ": " + e.getMessage(), e);
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
