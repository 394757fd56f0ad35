package dev.andante.compactor.crash;

import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.local.LocalObjectStore;

class LocalCompactorKillTest extends CompactorKillContract {
  @Override
  protected ObjectStore newStore() {
    return new LocalObjectStore(dir.resolve("bucket"));
  }

  @Override
  protected String childStoreSpec() {
    return "local:" + dir.resolve("bucket");
  }
}
