package dev.andante.compactor.index;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CompactedBlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@code <tenant>/index.json.gz}: gzip'd JSON {@code {"created_at", "meta": [live metas],
 * "compacted": [compacted metas]}}, Tempo's field names and the layout of blockformat's tenant
 * index, replacing the previous index whole. Thread safe.
 */
public final class GzipJsonTenantIndexPublisher implements TenantIndexPublisher {
  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final ObjectStore store;

  public GzipJsonTenantIndexPublisher(ObjectStore store) {
    if (store == null) {
      throw new IllegalArgumentException("store must not be null");
    }
    this.store = store;
  }

  @Override
  public void publish(TenantId tenant, Instant createdAt, List<BlockMeta> live, List<CompactedBlockMeta> compacted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(bytes)) {
      JSON.writeValue(gzip, new Index(createdAt, live, compacted));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize tenant index: " + e.getMessage() + " (tenant " + tenant + ")", e);
    }
    store.write(BlockKeys.tenantIndex(tenant), bytes.toByteArray());
  }

  private record Index(
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("meta") List<BlockMeta> metas,
      @JsonProperty("compacted") List<CompactedBlockMeta> compacted) {}
}
