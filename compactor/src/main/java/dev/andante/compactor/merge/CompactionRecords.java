package dev.andante.compactor.merge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/** Reads, writes and deletes {@link CompactionRecord}s. Thread safe, blocking. */
public final class CompactionRecords {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  private final ObjectStore store;

  public CompactionRecords(ObjectStore store) {
    if (store == null) {
      throw new IllegalArgumentException("store must not be null");
    }
    this.store = store;
  }

  public static String key(TenantId tenant, UUID outputBlockId) {
    return BlockKeys.key(tenant, outputBlockId, CompactionRecord.FILE);
  }

  public void write(TenantId tenant, UUID outputBlockId, CompactionRecord record) {
    try {
      store.write(key(tenant, outputBlockId), JSON.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize compaction record: " + e.getMessage(), e);
    }
  }

  /** The record of the output block, or empty when there is none (the job finished). */
  public Optional<CompactionRecord> read(TenantId tenant, UUID outputBlockId) {
    String key = key(tenant, outputBlockId);
    byte[] bytes;
    try {
      bytes = store.read(key);
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(bytes, CompactionRecord.class));
    } catch (IOException | IllegalArgumentException e) {
      throw new BackendException("Cannot parse compaction record: " + e.getMessage() + " (" + key + ")", e);
    }
  }

  public void delete(TenantId tenant, UUID outputBlockId) {
    store.delete(key(tenant, outputBlockId));
  }
}
