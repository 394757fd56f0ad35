package dev.andante.deploy.roles;

import java.util.Optional;

/** One started role of an Andante process. */
public interface Role extends AutoCloseable {

  /**
   * Empty when the role serves requests; otherwise what it still waits for, e.g. {@code "querier:
   * first blocklist poll pending"}. Quick and non-blocking: {@code /ready} calls it on an event loop.
   */
  Optional<String> notReady();

  /**
   * Stops the role, first finishing what must not be lost (the ingester flushes its traces). Blocks;
   * never throws.
   */
  @Override
  void close();
}
