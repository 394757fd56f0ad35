package dev.andante.ingester.flush;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes cut blocks on its own worker threads, retrying a failed block with exponential backoff
 * until it is written. Until then the block stays in the tenant's memory and served from there, so
 * a failing object store loses nothing. Thread safe.
 */
public final class FlushQueue implements AutoCloseable {
  public static final int DEFAULT_THREADS = 2;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(FlushQueue.class);

  private final BlockFlusher flusher;
  private final BiConsumer<CutBlock, FlushedBlock> onFlushed;
  private final Runnable onFailure;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final ScheduledThreadPoolExecutor executor;
  private final Object lock = new Object();
  private int pending;

  public FlushQueue(
      BlockFlusher flusher,
      BiConsumer<CutBlock, FlushedBlock> onFlushed,
      int threads,
      Duration initialBackoff,
      Duration maxBackoff) {
    this(flusher, onFlushed, () -> {}, threads, initialBackoff, maxBackoff);
  }

  /**
   * @param onFlushed called on a flush thread once a block's meta.json is written
   * @param onFailure called on a flush thread after each failed attempt (it will be retried)
   */
  public FlushQueue(
      BlockFlusher flusher,
      BiConsumer<CutBlock, FlushedBlock> onFlushed,
      Runnable onFailure,
      int threads,
      Duration initialBackoff,
      Duration maxBackoff) {
    if (flusher == null || onFlushed == null) {
      throw new IllegalArgumentException("flusher and onFlushed must not be null");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at least initialBackoff (" + initialBackoff + "), got " + maxBackoff);
    }
    this.flusher = flusher;
    this.onFlushed = onFlushed;
    this.onFailure = onFailure;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.executor = new ScheduledThreadPoolExecutor(threads, daemonThreads("andante-flush-"));
  }

  /** Starts writing {@code block}; returns at once. */
  public void enqueue(CutBlock block) {
    synchronized (lock) {
      pending++;
    }
    try {
      executor.execute(() -> attempt(block, 1));
    } catch (RejectedExecutionException closed) {
      synchronized (lock) {
        pending--;
        lock.notifyAll();
      }
      LOG.warn("Cannot flush block {} of tenant {}: the ingester is closing", block.blockId(), block.tenant());
    }
  }

  /** Blocks not yet written, including those waiting for a retry. */
  public int pending() {
    synchronized (lock) {
      return pending;
    }
  }

  /** Waits until every enqueued block is written; false if {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    synchronized (lock) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE / 2;
    }
  }

  private void attempt(CutBlock block, int attempt) {
    try {
      long started = System.nanoTime();
      FlushedBlock flushed = flusher.flush(block);
      onFlushed.accept(block, flushed);
      LOG.info(
          "Flushed block {} of tenant {}: {} traces, {} spans, {} bytes in {} ms",
          block.blockId(),
          block.tenant(),
          flushed.meta().totalObjects(),
          flushed.meta().spans(),
          flushed.meta().size(),
          (System.nanoTime() - started) / 1_000_000);
      synchronized (lock) {
        pending--;
        lock.notifyAll();
      }
    } catch (Throwable e) {
      onFailure.run();
      Duration delay = backoff(attempt);
      LOG.warn(
          "Cannot flush block {} of tenant {} ({} traces, attempt {}): {}; keeping it in memory, retrying in {} ms",
          block.blockId(),
          block.tenant(),
          block.traceCount(),
          attempt,
          e.toString(),
          delay.toMillis(),
          e);
      try {
        executor.schedule(() -> attempt(block, attempt + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        LOG.warn("Cannot retry block {} of tenant {}: the ingester is closing", block.blockId(), block.tenant());
      }
    }
  }

  Duration backoff(int attempt) {
    Duration delay = initialBackoff;
    for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }

  /** Stops the flush threads; blocks not written by then stay unwritten. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
