package dev.andante.compactor.merge;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.compactor.planning.JobOwnership;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or abandons the jobs a killed compactor left, found by their {@link CompactionRecord}s:
 * a complete output (meta.json present) has its still-live inputs marked compacted; a partial one
 * of a job this compactor owns is deleted, and its inputs, still live, are planned again. Run it
 * before planning, on the thread that runs jobs, so that no job of this compactor is under way.
 */
public final class InterruptedJobs {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptedJobs.class);

  private final Backend backend;
  private final CompactionRecords records;
  private final JobOwnership ownership;
  private final Clock clock;

  public InterruptedJobs(Backend backend, JobOwnership ownership, Clock clock) {
    if (backend == null || ownership == null || clock == null) {
      throw new IllegalArgumentException("backend, ownership and clock must not be null");
    }
    this.backend = backend;
    this.records = new CompactionRecords(backend.store());
    this.ownership = ownership;
    this.clock = clock;
  }

  /**
   * What one pass did.
   *
   * @param finished jobs whose output was complete, now with every input marked compacted
   * @param inputsMarked inputs marked compacted by finishing
   * @param abandoned partial outputs deleted
   */
  public record Result(int finished, int inputsMarked, int abandoned) {}

  /** Finishes or abandons the interrupted jobs of {@code tenant}. One listing, then a GET per record. */
  public Result resolve(TenantId tenant) {
    String prefix = tenant.value() + "/";
    Set<UUID> withRecord = new HashSet<>();
    Set<UUID> withMeta = new HashSet<>();
    for (String key : backend.store().list(prefix)) {
      String[] parts = key.substring(prefix.length()).split("/", -1);
      if (parts.length != 2) {
        continue;
      }
      Optional<UUID> id = parseUuid(parts[0]);
      if (id.isEmpty()) {
        continue;
      }
      if (parts[1].equals(CompactionRecord.FILE)) {
        withRecord.add(id.get());
      } else if (parts[1].equals(BlockKeys.META) || parts[1].equals(BlockKeys.COMPACTED_META)) {
        withMeta.add(id.get());
      }
    }
    int finished = 0;
    int marked = 0;
    int abandoned = 0;
    for (UUID output : withRecord) {
      Optional<CompactionRecord> record = records.read(tenant, output);
      if (record.isEmpty()) {
        continue; // finished meanwhile
      }
      if (withMeta.contains(output)) {
        marked += finish(tenant, output, record.get().compactedFrom());
        records.delete(tenant, output);
        finished++;
      } else if (ownership.owns(record.get().jobKey())) {
        abandoned += abandon(tenant, output, record.get().jobKey()) ? 1 : 0;
      }
    }
    return new Result(finished, marked, abandoned);
  }

  /**
   * Deletes the partial output {@code output} of job {@code jobKey} under the job's claim, so that a
   * job another compactor is running right now is left alone; false when the claim is held elsewhere
   * or the job finished meanwhile.
   */
  private boolean abandon(TenantId tenant, UUID output, String jobKey) {
    Optional<JobOwnership.Claim> claim = ownership.claim(jobKey);
    if (claim.isEmpty()) {
      return false;
    }
    try (JobOwnership.Claim held = claim.get()) {
      Optional<CompactionRecord> record = records.read(tenant, output);
      if (record.isEmpty() || backend.blockMeta(tenant, output).isPresent()) {
        return false; // finished meanwhile; the next pass marks its inputs
      }
      backend.deleteBlock(tenant, output);
      LOG.info("Deleted partial block {} of tenant {}, left by a compaction (job {}) started at {} and interrupted",
          output, tenant, jobKey, record.get().startedAt());
      return true;
    }
  }

  private int finish(TenantId tenant, UUID output, List<UUID> inputs) {
    Instant now = clock.instant();
    int marked = 0;
    for (UUID input : inputs) {
      Optional<BlockMeta> meta = backend.blockMeta(tenant, input);
      if (meta.isPresent()) {
        backend.markCompacted(meta.get(), now);
        marked++;
      }
    }
    LOG.info("Finished an interrupted compaction of tenant {}: block {} replaces {} ({} still live, now marked compacted)",
        tenant, output, inputs, marked);
    return marked;
  }

  private static Optional<UUID> parseUuid(String name) {
    try {
      return Optional.of(UUID.fromString(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
