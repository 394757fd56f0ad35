package dev.andante.blockformat.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import java.time.Instant;
import java.util.UUID;

/**
 * What {@code <tenant>/<blockID>/meta.json} says of a block. Field names follow Tempo's meta.json.
 * Trace IDs are hex; times are RFC 3339.
 *
 * @param version the block encoding, e.g. {@code "v1"}; readers refuse versions they do not know
 * @param blockId the block's ID, also its folder name
 * @param tenantId the owning tenant
 * @param minId smallest trace ID in the block
 * @param maxId largest trace ID in the block
 * @param startTime earliest span start in the block
 * @param endTime latest span end in the block
 * @param totalObjects number of traces (rows)
 * @param spans number of spans
 * @param size bytes of {@code data.parquet}
 * @param compactionLevel 0 for a block cut by an ingester, input level + 1 for compactor output
 * @param bloomShards number of {@code bloom-N} objects
 * @param rowGroups number of Parquet row groups in {@code data.parquet}
 * @param footerOffset offset in {@code data.parquet} where the part after the last row group
 *     (column indexes, offset indexes, footer) begins
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BlockMeta(
    @JsonProperty("version") String version,
    @JsonProperty("blockID") UUID blockId,
    @JsonProperty("tenantID") String tenantId,
    @JsonProperty("minID") String minId,
    @JsonProperty("maxID") String maxId,
    @JsonProperty("startTime") Instant startTime,
    @JsonProperty("endTime") Instant endTime,
    @JsonProperty("totalObjects") long totalObjects,
    @JsonProperty("spans") long spans,
    @JsonProperty("size") long size,
    @JsonProperty("compactionLevel") int compactionLevel,
    @JsonProperty("bloomShards") int bloomShards,
    @JsonProperty("rowGroups") int rowGroups,
    @JsonProperty("footerOffset") long footerOffset) {

  public TenantId tenant() {
    return new TenantId(tenantId);
  }

  public TraceId minTraceId() {
    return TraceId.parseHex(minId);
  }

  public TraceId maxTraceId() {
    return TraceId.parseHex(maxId);
  }

  /** Whether {@code id} lies within [minID, maxID]. */
  public boolean mayContain(TraceId id) {
    return id.compareTo(minTraceId()) >= 0 && id.compareTo(maxTraceId()) <= 0;
  }

  /** Whether the block's time range overlaps [start, end] (either may be null: unbounded). */
  public boolean overlaps(Instant start, Instant end) {
    return (end == null || !startTime.isAfter(end)) && (start == null || !endTime.isBefore(start));
  }
}
