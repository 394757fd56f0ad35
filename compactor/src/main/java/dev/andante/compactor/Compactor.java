package dev.andante.compactor;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CompactedBlockMeta;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.compactor.index.BackendTenantIndexPublisher;
import dev.andante.compactor.index.TenantIndexPublisher;
import dev.andante.compactor.merge.BlockMerger;
import dev.andante.compactor.merge.CompactionRunner;
import dev.andante.compactor.merge.InterruptedJobs;
import dev.andante.compactor.planning.CompactionJob;
import dev.andante.compactor.planning.CompactionPlanner;
import dev.andante.compactor.planning.JobOwnership;
import dev.andante.compactor.retention.CompactedBlockList;
import dev.andante.compactor.retention.RetentionEnforcer;
import dev.andante.compactor.retention.RetentionOverrides;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compactor role. Every {@code compaction_cycle}, on its own thread, one {@link #runCycle()
 * cycle}: finish or abandon jobs a killed compactor left ({@link InterruptedJobs}), poll the block
 * list, apply retention, plan jobs, run the ones this compactor owns one after another, and publish
 * each tenant's index. Blocking plain Java; {@link #stats()} counts what it did.
 */
public final class Compactor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

  private final Backend backend;
  private final CompactorConfig config;
  private final Clock clock;
  private final RetentionOverrides overrides;
  private final JobOwnership ownership;
  private final TenantIndexPublisher indexPublisher;
  private final Blocklist blocklist;
  private final CompactedBlockList compactedBlocks;
  private final InterruptedJobs interruptedJobs;
  private final RetentionEnforcer retention;
  private final CompactionPlanner planner;
  private final CompactionRunner runner;
  private final CompactorStats stats = new CompactorStats();
  private final ScheduledExecutorService thread;
  private final Object cycleLock = new Object();
  private volatile boolean closed;
  private boolean started;

  private Compactor(Builder b) {
    this.backend = b.backend;
    this.config = b.config;
    this.clock = b.clock;
    this.overrides = b.overrides;
    this.ownership = b.ownership;
    this.indexPublisher = b.indexPublisher != null ? b.indexPublisher : new BackendTenantIndexPublisher(backend);
    this.blocklist = new Blocklist(backend);
    this.compactedBlocks = new CompactedBlockList(backend);
    this.interruptedJobs = new InterruptedJobs(backend, ownership, clock);
    this.retention = new RetentionEnforcer(backend, clock, config.compactedBlockRetention());
    this.planner = new CompactionPlanner(config, clock);
    this.runner = new CompactionRunner(backend, new BlockMerger(backend, b.blockConfig, b.stagingDir), clock);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "andante-compactor");
      t.setDaemon(true);
      return t;
    });
  }

  public static Builder builder(Backend backend, CompactorConfig config) {
    return new Builder(backend, config);
  }

  /** Starts cycling: the first cycle runs at once, in the background. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("Cannot start compactor: already started");
    }
    if (closed) {
      throw new IllegalStateException("Cannot start compactor: closed");
    }
    started = true;
    long period = config.compactionCycle().toMillis();
    thread.scheduleWithFixedDelay(this::cycleQuietly, 0, period, TimeUnit.MILLISECONDS);
    LOG.info("Compactor started: cycle {}, window {}, block retention {}, compacted block retention {}",
        config.compactionCycle(), config.compactionWindow(), config.blockRetention(), config.compactedBlockRetention());
  }

  public CompactorStats stats() {
    return stats;
  }

  /** The block list as of the last cycle's poll. */
  public Blocklist blocklist() {
    return blocklist;
  }

  /**
   * Runs one cycle now, on the calling thread (cycles never overlap). A failing tenant or job is
   * logged and counted, and the cycle goes on with the next.
   */
  public CycleResult runCycle() {
    synchronized (cycleLock) {
      long started = System.nanoTime();
      overrides.refresh();
      List<TenantId> tenants = backend.tenants();
      for (TenantId tenant : tenants) {
        InterruptedJobs.Result r = interruptedJobs.resolve(tenant);
        stats.interruptedJobsFinished.addAndGet(r.finished());
        stats.interruptedJobsAbandoned.addAndGet(r.abandoned());
      }
      blocklist.poll();
      int jobs = 0;
      for (TenantId tenant : tenants) {
        if (closed) {
          break;
        }
        try {
          jobs += compactTenant(tenant);
        } catch (RuntimeException e) {
          LOG.warn("Cannot compact tenant {}: {}", tenant, e.toString());
        }
      }
      stats.cycles.incrementAndGet();
      return new CycleResult(tenants.size(), jobs, System.nanoTime() - started);
    }
  }

  /**
   * What a cycle did.
   *
   * @param tenants tenants looked at
   * @param jobs compaction jobs completed
   * @param nanos time taken
   */
  public record CycleResult(int tenants, int jobs, long nanos) {}

  private int compactTenant(TenantId tenant) {
    Map<UUID, BlockMeta> live = new LinkedHashMap<>();
    blocklist.metas(tenant).forEach(m -> live.put(m.blockId(), m));
    List<CompactedBlockMeta> compacted = new ArrayList<>(compactedBlocks.list(tenant));

    // Retention and the tenant index are the work of one compactor per tenant; jobs are shared.
    boolean tenantOwner = ownership.owns(tenantKey(tenant));
    Duration tenantRetention = overrides.blockRetention(tenant).orElse(config.blockRetention());
    List<BlockMeta> expired = tenantOwner
        ? live.values().stream().filter(m -> retention.expired(m, tenantRetention)).toList()
        : List.of();
    if (tenantOwner) {
      RetentionEnforcer.Result r = retention.apply(tenant, expired, compacted, tenantRetention);
      stats.blocksExpired.addAndGet(r.expired());
      stats.blocksDeleted.addAndGet(r.deleted());
    }
    Instant now = clock.instant();
    Set<UUID> deleted = new HashSet<>();
    compacted.removeIf(c -> {
      boolean gone = c.compactedTime().isBefore(now.minus(config.compactedBlockRetention()));
      if (gone) {
        deleted.add(c.meta().blockId());
        compactedBlocks.forget(tenant, c.meta().blockId());
      }
      return gone;
    });
    for (BlockMeta m : expired) {
      live.remove(m.blockId());
      compacted.add(new CompactedBlockMeta(m, now));
    }

    int done = 0;
    for (CompactionJob job : planner.plan(tenant, List.copyOf(live.values()))) {
      if (closed) {
        break;
      }
      if (!ownership.owns(job.key())) {
        continue;
      }
      Optional<JobOwnership.Claim> claim = ownership.claim(job.key());
      if (claim.isEmpty()) {
        stats.jobsSkipped.incrementAndGet();
        LOG.debug("Skipped job {} of tenant {}: claimed by another compactor", job.key(), tenant);
        continue;
      }
      try (JobOwnership.Claim held = claim.get()) {
        Optional<UUID> gone = firstNotLive(tenant, job);
        if (gone.isPresent()) {
          // Another compactor merged these blocks since our poll; the next poll will show its output.
          stats.jobsSkipped.incrementAndGet();
          LOG.info("Skipped job {} of tenant {}: input {} is no longer live", job.key(), tenant, gone.get());
          job.inputs().forEach(input -> live.remove(input.blockId()));
          continue;
        }
        BlockMerger.Result result = runner.run(job);
        count(job, result);
        Instant at = clock.instant();
        for (BlockMeta input : job.inputs()) {
          live.remove(input.blockId());
          compacted.add(new CompactedBlockMeta(input, at));
        }
        live.put(result.output().blockId(), result.output());
        done++;
      } catch (RuntimeException e) {
        stats.failedJobs.incrementAndGet();
        LOG.warn("Cannot compact: {} (tenant {}, job {})", e.toString(), tenant, job.key());
      }
    }
    if (tenantOwner) {
      publishIndex(tenant, List.copyOf(live.values()), compacted);
    }
    return done;
  }

  /** The ownership key of a tenant's retention and index: {@code tenant-<tenant>}. */
  static String tenantKey(TenantId tenant) {
    return "tenant-" + tenant.value();
  }

  /** The first input of {@code job} whose meta.json is gone, read from the store, not the blocklist. */
  private Optional<UUID> firstNotLive(TenantId tenant, CompactionJob job) {
    for (BlockMeta input : job.inputs()) {
      if (backend.blockMeta(tenant, input.blockId()).isEmpty()) {
        return Optional.of(input.blockId());
      }
    }
    return Optional.empty();
  }

  private void count(CompactionJob job, BlockMerger.Result result) {
    stats.jobs.incrementAndGet();
    stats.blocksCompacted.addAndGet(job.inputs().size());
    stats.blocksWritten.incrementAndGet();
    stats.tracesRead.addAndGet(result.tracesRead());
    stats.tracesWritten.addAndGet(result.output().totalObjects());
    stats.spansRead.addAndGet(result.spansRead());
    stats.spansWritten.addAndGet(result.output().spans());
    stats.bytesRead.addAndGet(result.bytesRead());
    stats.bytesWritten.addAndGet(result.output().size());
    stats.compactionNanos.addAndGet(result.nanos());
  }

  private void publishIndex(TenantId tenant, List<BlockMeta> live, List<CompactedBlockMeta> compacted) {
    try {
      indexPublisher.publish(tenant, clock.instant(), live, compacted);
      stats.indexesWritten.incrementAndGet();
    } catch (RuntimeException e) {
      stats.indexFailures.incrementAndGet();
      LOG.warn("Cannot write tenant index: {} (tenant {})", e.toString(), tenant);
    }
  }

  private void cycleQuietly() {
    try {
      CycleResult result = runCycle();
      if (result.jobs() > 0) {
        LOG.info("Compaction cycle: {} tenants, {} jobs in {} ms", result.tenants(), result.jobs(), result.nanos() / 1_000_000);
      }
    } catch (RuntimeException e) {
      stats.failedCycles.incrementAndGet();
      stats.cycles.incrementAndGet();
      LOG.warn("Compaction cycle failed: {}", e.toString());
    }
  }

  /** Stops cycling; a job under way finishes first (waits up to a minute). */
  @Override
  public void close() {
    closed = true;
    thread.shutdown();
    try {
      if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link Compactor}; everything but the backend and config has a default. */
  public static final class Builder {
    private final Backend backend;
    private final CompactorConfig config;
    private Clock clock = Clock.systemUTC();
    private BlockConfig blockConfig = BlockConfig.DEFAULT;
    private Path stagingDir = Path.of(System.getProperty("java.io.tmpdir"), "andante-compactor");
    private RetentionOverrides overrides = RetentionOverrides.NONE;
    private JobOwnership ownership = JobOwnership.ALL_MINE;
    private TenantIndexPublisher indexPublisher;
    private Duration blocklistPoll;

    private Builder(Backend backend, CompactorConfig config) {
      if (backend == null || config == null) {
        throw new IllegalArgumentException("backend and config must not be null");
      }
      this.backend = backend;
      this.config = config;
    }

    public Builder clock(Clock clock) {
      this.clock = require(clock, "clock");
      return this;
    }

    public Builder blockConfig(BlockConfig blockConfig) {
      this.blockConfig = require(blockConfig, "blockConfig");
      return this;
    }

    /** Local directory where output blocks are staged before upload. */
    public Builder stagingDir(Path stagingDir) {
      this.stagingDir = require(stagingDir, "stagingDir");
      return this;
    }

    public Builder overrides(RetentionOverrides overrides) {
      this.overrides = require(overrides, "overrides");
      return this;
    }

    public Builder ownership(JobOwnership ownership) {
      this.ownership = require(ownership, "ownership");
      return this;
    }

    /** Where tenant indexes go; by default {@code <tenant>/index.json.gz} on the backend. */
    public Builder indexPublisher(TenantIndexPublisher indexPublisher) {
      this.indexPublisher = require(indexPublisher, "indexPublisher");
      return this;
    }

    /** The queriers' poll interval ({@code storage.trace.blocklist_poll}); the config is checked against it. */
    public Builder blocklistPoll(Duration blocklistPoll) {
      this.blocklistPoll = require(blocklistPoll, "blocklistPoll");
      return this;
    }

    /** @throws IllegalArgumentException naming the key of a setting that conflicts with another */
    public Compactor build() {
      if (blocklistPoll != null) {
        config.checkAgainst(blocklistPoll);
      }
      return new Compactor(this);
    }

    private static <T> T require(T value, String name) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
