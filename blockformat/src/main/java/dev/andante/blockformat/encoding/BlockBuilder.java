package dev.andante.blockformat.encoding;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.TracesData;

/**
 * A block being written. Not thread safe. Memory stays bounded by about one row group whatever the
 * number of traces: rows go to a staging file as they come.
 */
public interface BlockBuilder extends AutoCloseable {

  /**
   * Adds one trace. Trace IDs must strictly increase from call to call.
   *
   * @throws IllegalArgumentException if {@code trace}'s ID is not greater than the previous one's
   */
  void add(Trace trace);

  /**
   * Adds one trace given as the protobuf encoding of an OTLP {@code TracesData} whose spans all
   * carry {@code id}, as it would be written for {@code new Trace(id, resourceSpans)}: the same
   * block, without decoding the bytes into messages where the encoding can avoid it. Trace IDs must
   * strictly increase from call to call. The array must not change until the block is completed.
   * This default decodes the bytes and calls {@link #add(Trace)}.
   *
   * @throws IllegalArgumentException if {@code id}'s trace is not greater than the previous one, or
   *     the bytes are not a TracesData
   */
  default void add(TraceId id, byte[] tracesData) {
    if (id == null || tracesData == null) {
      throw new IllegalArgumentException("id and tracesData must not be null");
    }
    try {
      add(new Trace(id, TracesData.parseFrom(tracesData).getResourceSpansList()));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Cannot add trace " + id + ": its bytes are not a TracesData: " + e.getMessage(), e);
    }
  }

  /** Traces added so far. */
  long traceCount();

  /** Bytes written to the staging file so far (an estimate until complete). */
  long bytesWritten();

  /**
   * Finishes the block and uploads it: data.parquet, bloom shards and index first, meta.json last,
   * which makes it visible. Returns the meta that was written. The staging files are removed.
   */
  BlockMeta complete();

  /** Abandons the block if it was not completed, removing its staging files. */
  @Override
  void close();
}
