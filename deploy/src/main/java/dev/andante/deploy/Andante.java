package dev.andante.deploy;

import dev.andante.deploy.config.AndanteConfig;

/** Placeholder until the role modules land. */
public final class Andante implements AutoCloseable {
  public static Andante start(AndanteConfig config) {
    throw new UnsupportedOperationException("not wired yet");
  }

  @Override
  public void close() {}
}
