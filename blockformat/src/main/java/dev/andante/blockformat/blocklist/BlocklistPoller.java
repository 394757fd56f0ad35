package dev.andante.blockformat.blocklist;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link Blocklist} on its own thread every {@code interval} ({@code
 * storage.trace.blocklist_poll}), the first time at once. A failed poll is logged and retried at
 * the next interval.
 */
public final class BlocklistPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlocklistPoller.class);

  private final Blocklist blocklist;
  private final Duration interval;
  private final ScheduledExecutorService thread;
  private final Runnable afterPoll;
  private volatile boolean polled;

  public BlocklistPoller(Blocklist blocklist, Duration interval) {
    this(blocklist, interval, () -> {});
  }

  /**
   * @param afterPoll run on the poller's thread after each successful poll, e.g. to load what
   *     lookups need of the blocks it found; a failure is logged and does not stop polling
   */
  public BlocklistPoller(Blocklist blocklist, Duration interval, Runnable afterPoll) {
    if (blocklist == null) {
      throw new IllegalArgumentException("blocklist must not be null");
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    if (afterPoll == null) {
      throw new IllegalArgumentException("afterPoll must not be null");
    }
    this.blocklist = blocklist;
    this.interval = interval;
    this.afterPoll = afterPoll;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "andante-blocklist-poller");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts polling: the first poll runs at once, in the background. */
  public void start() {
    thread.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether a poll has completed, so that the blocklist holds what the bucket held then. */
  public boolean polled() {
    return polled;
  }

  private void pollOnce() {
    try {
      long start = System.nanoTime();
      Blocklist.PollResult result = blocklist.poll();
      polled = true;
      LOG.debug("Polled blocklist in {} ms: {}", (System.nanoTime() - start) / 1_000_000, result);
    } catch (RuntimeException e) {
      LOG.warn("Cannot poll blocklist: {}", e.toString());
      return;
    }
    try {
      afterPoll.run();
    } catch (RuntimeException e) {
      LOG.warn("Cannot finish blocklist poll: {}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
