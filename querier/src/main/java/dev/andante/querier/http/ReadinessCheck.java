package dev.andante.querier.http;

import java.util.Optional;

/**
 * Whether the process can serve, as {@code /ready} reports it. Deploy passes one that asks every
 * role it runs. Called on the event loop: must be quick and must not block.
 */
@FunctionalInterface
public interface ReadinessCheck {

  /** Always ready. */
  ReadinessCheck READY = Optional::empty;

  /** Empty when ready; otherwise what is not ready yet, e.g. {@code "ingester: replaying WAL"}. */
  Optional<String> notReady();
}
