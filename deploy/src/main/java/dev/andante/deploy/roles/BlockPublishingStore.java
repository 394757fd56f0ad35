package dev.andante.deploy.roles;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.ForwardingObjectStore;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.InputStream;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object store that tells a listener about every block whose meta.json it writes, once the write
 * has succeeded. The ingester writes through it, so the querier of the same process learns of a
 * flushed block at once rather than at its next blocklist poll. A listener that fails is logged; the
 * write still succeeds.
 */
final class BlockPublishingStore extends ForwardingObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(BlockPublishingStore.class);
  private static final String META_SUFFIX = "/" + BlockKeys.META;

  private final BiConsumer<TenantId, UUID> onBlockWritten;

  BlockPublishingStore(ObjectStore delegate, BiConsumer<TenantId, UUID> onBlockWritten) {
    super(delegate);
    this.onBlockWritten = onBlockWritten;
  }

  @Override
  public void write(String key, InputStream data, long length) {
    delegate.write(key, data, length);
    written(key);
  }

  /** Leaves the delegate open: the process owns it and closes it after every role. */
  @Override
  public void close() {}

  private void written(String key) {
    if (!key.endsWith(META_SUFFIX)) {
      return;
    }
    // <tenant>/<blockID>/meta.json
    String[] parts = key.split("/");
    if (parts.length != 3) {
      return;
    }
    try {
      onBlockWritten.accept(new TenantId(parts[0]), UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      LOG.warn("Cannot publish written block {}: {}", key, e.toString());
    }
  }
}
