package dev.andante.blockformat.backend;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjectStoreContract} plus the typed {@link Backend} over the same store: every backend
 * extends this one, so the bucket layout behaves the same on all of them.
 */
public abstract class BackendContract extends ObjectStoreContract {
  private static final TenantId TENANT = new TenantId("team-a");
  private static final UUID BLOCK = UUID.fromString("6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

  /** A realistic meta of a block of {@code tenant}. */
  public static BlockMeta meta(TenantId tenant, UUID blockId) {
    return new BlockMeta(
        "v1",
        blockId,
        tenant.value(),
        TraceId.of(0x0000_0000_0000_00ffL, 1).toHex(),
        TraceId.of(0xffff_0000_0000_0000L, 2).toHex(),
        Instant.parse("2026-11-02T10:00:00Z"),
        Instant.parse("2026-11-02T10:30:00.123456789Z"),
        12_345,
        234_567,
        6_543_210,
        1,
        3,
        2,
        6_500_000);
  }

  @Test
  public void backendListsTenantsAndBlocks() {
    Backend backend = new Backend(store);
    UUID second = UUID.fromString("00000000-0000-4000-8000-000000000002");
    backend.writeBlockMeta(meta(TENANT, BLOCK));
    backend.writeBlockMeta(meta(TENANT, second));
    backend.writeBlockMeta(meta(TenantId.SINGLE_TENANT, BLOCK));
    store.write(TENANT.value() + "/not-a-block/x", new byte[1]);
    store.write(BlockKeys.tenantIndex(TENANT), new byte[1]);

    assertThat(backend.tenants()).containsExactly(TenantId.SINGLE_TENANT, TENANT);
    assertThat(backend.blocks(TENANT)).containsExactlyInAnyOrder(BLOCK, second);
    assertThat(backend.blocks(new TenantId("nobody"))).isEmpty();
  }

  @Test
  public void backendRoundTripsBlockMetaWithTempoFieldNames() throws Exception {
    Backend backend = new Backend(store);
    BlockMeta meta = meta(TENANT, BLOCK);

    backend.writeBlockMeta(meta);

    assertThat(backend.blockMeta(TENANT, BLOCK)).contains(meta);
    JsonNode json = new ObjectMapper().readTree(store.read(BlockKeys.key(TENANT, BLOCK, BlockKeys.META)));
    assertThat(json.get("blockID").asText()).isEqualTo(BLOCK.toString());
    assertThat(json.get("tenantID").asText()).isEqualTo("team-a");
    assertThat(json.get("minID").asText()).isEqualTo("00000000000000ff0000000000000001");
    assertThat(json.get("maxID").asText()).isEqualTo("ffff0000000000000000000000000002");
    assertThat(json.get("startTime").asText()).isEqualTo("2026-11-02T10:00:00Z");
    assertThat(json.get("endTime").asText()).isEqualTo("2026-11-02T10:30:00.123456789Z");
    assertThat(json.get("totalObjects").asLong()).isEqualTo(12_345);
    assertThat(json.get("compactionLevel").asInt()).isEqualTo(1);
    assertThat(json.get("bloomShards").asInt()).isEqualTo(3);
    assertThat(json.get("version").asText()).isEqualTo("v1");
    assertThat(backend.blockMeta(TENANT, UUID.randomUUID())).isEmpty();
  }

  @Test
  public void backendReadsMetaWithUnknownFields() {
    Backend backend = new Backend(store);
    String json = "{\"format\":\"vParquet4\",\"version\":\"v1\",\"blockID\":\"" + BLOCK + "\",\"tenantID\":\"team-a\","
        + "\"minID\":\"01\",\"maxID\":\"ff\",\"startTime\":\"2026-11-02T10:00:00Z\",\"endTime\":\"2026-11-02T11:00:00Z\","
        + "\"totalObjects\":1,\"spans\":2,\"size\":3,\"compactionLevel\":0,\"bloomShards\":1,\"rowGroups\":1,"
        + "\"footerOffset\":2,\"dedicatedColumns\":[]}";
    store.write(BlockKeys.key(TENANT, BLOCK, BlockKeys.META), json.getBytes(UTF_8));

    assertThat(backend.blockMeta(TENANT, BLOCK)).hasValueSatisfying(m -> {
      assertThat(m.blockId()).isEqualTo(BLOCK);
      assertThat(m.totalObjects()).isEqualTo(1);
    });
  }

  @Test
  public void markCompactedHidesTheMetaAndKeepsTheBlock() {
    Backend backend = new Backend(store);
    BlockMeta meta = meta(TENANT, BLOCK);
    store.write(BlockKeys.key(TENANT, BLOCK, BlockKeys.DATA), new byte[10]);
    backend.writeBlockMeta(meta);
    Instant compactedAt = Instant.parse("2026-11-02T12:00:00Z");

    backend.markCompacted(meta, compactedAt);

    assertThat(backend.blockMeta(TENANT, BLOCK)).isEmpty();
    assertThat(backend.compactedBlockMeta(TENANT, BLOCK))
        .contains(new CompactedBlockMeta(meta, compactedAt));
    assertThat(store.list(BlockKeys.blockFolder(TENANT, BLOCK))).containsExactly(
        BlockKeys.key(TENANT, BLOCK, BlockKeys.DATA), BlockKeys.key(TENANT, BLOCK, BlockKeys.COMPACTED_META));
    assertThat(backend.blocks(TENANT)).containsExactly(BLOCK);
  }

  @Test
  public void deleteBlockRemovesEveryObjectAndTheFolders() {
    Backend backend = new Backend(store);
    UUID other = UUID.fromString("00000000-0000-4000-8000-000000000003");
    for (String file : new String[] {BlockKeys.DATA, BlockKeys.INDEX, "bloom-0", "bloom-1"}) {
      store.write(BlockKeys.key(TENANT, BLOCK, file), new byte[3]);
    }
    backend.writeBlockMeta(meta(TENANT, BLOCK));
    backend.writeBlockMeta(meta(TenantId.SINGLE_TENANT, other));

    backend.deleteBlock(TENANT, BLOCK);

    assertThat(store.list(TENANT.value() + "/")).isEmpty();
    assertThat(backend.blocks(TENANT)).isEmpty();
    assertThat(backend.tenants()).containsExactly(TenantId.SINGLE_TENANT);
    assertThat(backend.blockMeta(TenantId.SINGLE_TENANT, other)).isPresent();
  }

  @Test
  public void tenantIndexRoundTripsAsGzippedJson() throws Exception {
    Backend backend = new Backend(store);
    UUID second = UUID.fromString("00000000-0000-4000-8000-000000000002");
    UUID compacted = UUID.fromString("00000000-0000-4000-8000-000000000003");
    Instant builtAt = Instant.parse("2026-11-02T12:05:00.5Z");
    TenantIndex index = new TenantIndex(
        builtAt,
        List.of(meta(TENANT, BLOCK), meta(TENANT, second)),
        List.of(new CompactedBlockMeta(meta(TENANT, compacted), Instant.parse("2026-11-02T12:00:00Z"))));

    backend.writeTenantIndex(TENANT, index);

    assertThat(backend.tenantIndex(TENANT)).contains(index);
    byte[] stored = store.read(BlockKeys.tenantIndex(TENANT));
    assertThat(stored).startsWith((byte) 0x1f, (byte) 0x8b);
    JsonNode json = new ObjectMapper().readTree(new GZIPInputStream(new ByteArrayInputStream(stored)));
    assertThat(Instant.parse(json.get("created_at").asText())).isEqualTo(builtAt);
    assertThat(json.get("meta")).hasSize(2);
    assertThat(json.get("meta").get(0).get("blockID").asText()).isEqualTo(BLOCK.toString());
    assertThat(json.get("compacted").get(0).get("compactedTime").asText()).isEqualTo("2026-11-02T12:00:00Z");
  }

  @Test
  public void tenantIndexIsReplacedWholeAndKeptApartFromBlocks() {
    Backend backend = new Backend(store);
    backend.writeTenantIndex(TENANT, new TenantIndex(Instant.parse("2026-11-02T12:00:00Z"), List.of(meta(TENANT, BLOCK)), List.of()));
    TenantIndex newer = new TenantIndex(Instant.parse("2026-11-02T12:05:00Z"), List.of(), List.of());

    backend.writeTenantIndex(TENANT, newer);

    assertThat(backend.tenantIndex(TENANT)).contains(newer);
    assertThat(backend.tenants()).containsExactly(TENANT);
    assertThat(backend.blocks(TENANT)).isEmpty();
    assertThat(backend.compactedBlocks(TENANT)).isEmpty();
  }

  @Test
  public void absentTenantIndexIsEmpty() {
    Backend backend = new Backend(store);
    backend.writeBlockMeta(meta(TENANT, BLOCK));

    assertThat(backend.tenantIndex(TENANT)).isEmpty();
    assertThat(backend.tenantIndex(new TenantId("nobody"))).isEmpty();
  }

  @Test
  public void corruptTenantIndexFailsNamingTheKey() throws IOException {
    Backend backend = new Backend(store);
    TenantId notGzip = new TenantId("not-gzip");
    TenantId notJson = new TenantId("not-json");
    TenantId truncated = new TenantId("truncated");
    store.write(BlockKeys.tenantIndex(notGzip), "{\"meta\":[]}".getBytes(UTF_8));
    store.write(BlockKeys.tenantIndex(notJson), gzip("<html>".getBytes(UTF_8)));
    byte[] whole = gzip(("{\"created_at\":\"2026-11-02T12:00:00Z\",\"meta\":[]}").getBytes(UTF_8));
    store.write(BlockKeys.tenantIndex(truncated), java.util.Arrays.copyOf(whole, whole.length - 12));

    for (TenantId tenant : List.of(notGzip, notJson, truncated)) {
      assertThatThrownBy(() -> backend.tenantIndex(tenant))
          .isInstanceOf(BackendException.class)
          .isNotInstanceOf(NotFoundException.class)
          .hasMessageContaining("Cannot read tenant index")
          .hasMessageContaining(tenant.value() + "/index.json.gz");
    }
  }

  @Test
  public void tenantIndexHoldsOnlyItsTenantsBlocks() throws IOException {
    Backend backend = new Backend(store);
    TenantId other = new TenantId("team-b");
    TenantIndex foreign = new TenantIndex(Instant.parse("2026-11-02T12:00:00Z"), List.of(meta(other, BLOCK)), List.of());

    assertThatThrownBy(() -> backend.writeTenantIndex(TENANT, foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("block " + BLOCK + " of tenant 'team-b'");
    assertThat(store.list(TENANT.value() + "/")).isEmpty();

    store.write(BlockKeys.tenantIndex(TENANT), gzip(Backend.JSON.writeValueAsBytes(foreign)));
    assertThatThrownBy(() -> backend.tenantIndex(TENANT))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("of tenant 'team-b'")
        .hasMessageContaining("team-a/index.json.gz");
  }

  @Test
  public void compactedBlocksListsOnlyReplacedBlocks() {
    Backend backend = new Backend(store);
    UUID live = UUID.fromString("00000000-0000-4000-8000-000000000002");
    UUID elsewhere = UUID.fromString("00000000-0000-4000-8000-000000000003");
    Instant compactedAt = Instant.parse("2026-11-02T12:00:00Z");
    backend.writeBlockMeta(meta(TENANT, BLOCK));
    backend.writeBlockMeta(meta(TENANT, live));
    backend.markCompacted(meta(TENANT, BLOCK), compactedAt);
    backend.writeBlockMeta(meta(TenantId.SINGLE_TENANT, elsewhere));
    backend.markCompacted(meta(TenantId.SINGLE_TENANT, elsewhere), compactedAt);
    store.write(TENANT.value() + "/not-a-block/" + BlockKeys.COMPACTED_META, new byte[1]);
    backend.writeTenantIndex(TENANT, new TenantIndex(compactedAt, List.of(), List.of()));

    assertThat(backend.compactedBlocks(TENANT)).containsExactly(new CompactedBlockMeta(meta(TENANT, BLOCK), compactedAt));
    assertThat(backend.compactedBlocks(new TenantId("nobody"))).isEmpty();
  }

  @Test
  public void corruptCompactedMetaFailsNamingTheKey() {
    Backend backend = new Backend(store);
    store.write(BlockKeys.key(TENANT, BLOCK, BlockKeys.COMPACTED_META), "{not json".getBytes(UTF_8));

    assertThatThrownBy(() -> backend.compactedBlocks(TENANT))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("Cannot parse CompactedBlockMeta")
        .hasMessageContaining(BlockKeys.key(TENANT, BLOCK, BlockKeys.COMPACTED_META));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
