package dev.andante.compactor.merge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What {@code <tenant>/<outputBlockID>/compaction.json} says: the output block of a compaction
 * job is being written, or was written, to replace {@code compactedFrom}. It is written before the
 * output's data and deleted once every input is marked compacted, so while it exists the job is
 * unfinished. A separate object rather than a field of meta.json: BlockMeta is a record every
 * module constructs, and the record must exist before meta.json does.
 *
 * @param jobKey the job's ownership key, {@code <tenant>-<level>-<window>}
 * @param compactedFrom IDs of the input blocks the output replaces
 * @param startedAt when the job started
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompactionRecord(
    @JsonProperty("jobKey") String jobKey,
    @JsonProperty("compactedFrom") List<UUID> compactedFrom,
    @JsonProperty("startedAt") Instant startedAt) {
  public static final String FILE = "compaction.json";

  public CompactionRecord {
    if (jobKey == null || compactedFrom == null || startedAt == null) {
      throw new IllegalArgumentException("jobKey, compactedFrom and startedAt must not be null");
    }
    compactedFrom = List.copyOf(compactedFrom);
  }
}
