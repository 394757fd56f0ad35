package dev.andante.blockformat.encoding;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.v1.V1Encoding;
import java.util.List;
import java.util.Map;

/** The block encodings this build knows, by the version that meta.json names. */
public final class Encodings {
  private static final BlockEncoding V1 = new V1Encoding();
  private static final Map<String, BlockEncoding> BY_VERSION = Map.of(V1.version(), V1);

  private Encodings() {}

  /** The encoding new blocks are written with. */
  public static BlockEncoding current() {
    return V1;
  }

  /** Every version this build reads. */
  public static List<String> versions() {
    return List.copyOf(BY_VERSION.keySet());
  }

  /**
   * The encoding of {@code version}.
   *
   * @throws UnknownEncodingException if this build does not know it
   */
  public static BlockEncoding forVersion(String version) {
    BlockEncoding encoding = BY_VERSION.get(version);
    if (encoding == null) {
      throw new UnknownEncodingException("Cannot read block: unknown encoding version '" + version + "'");
    }
    return encoding;
  }

  /**
   * The encoding of the block {@code meta} describes.
   *
   * @throws UnknownEncodingException naming the version and the block
   */
  public static BlockEncoding forMeta(BlockMeta meta) {
    if (meta == null) {
      throw new IllegalArgumentException("meta must not be null");
    }
    BlockEncoding encoding = BY_VERSION.get(meta.version());
    if (encoding == null) {
      throw new UnknownEncodingException(
          "Cannot read block: unknown encoding version '" + meta.version() + "' (block " + meta.blockId() + ")");
    }
    return encoding;
  }

  /** A reader of the block {@code meta} describes, in whichever encoding it has. */
  public static BlockReader open(Backend backend, BlockMeta meta) {
    return forMeta(meta).open(backend, meta);
  }

  /** A reader of the block {@code meta} describes that keeps what it loads in {@code cache}. */
  public static BlockReader open(Backend backend, BlockMeta meta, BlockCache cache) {
    return forMeta(meta).open(backend, meta, cache);
  }
}
