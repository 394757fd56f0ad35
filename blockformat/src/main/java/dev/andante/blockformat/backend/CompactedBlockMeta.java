package dev.andante.blockformat.backend;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What {@code meta.compacted.json} says: the block's meta, and when the compactor replaced it. The
 * block is deleted once {@code compactedTime} is older than the compacted-block retention.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompactedBlockMeta(
    @JsonProperty("meta") BlockMeta meta, @JsonProperty("compactedTime") Instant compactedTime) {}
