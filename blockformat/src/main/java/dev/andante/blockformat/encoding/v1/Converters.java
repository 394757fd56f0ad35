package dev.andante.blockformat.encoding.v1;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Parquet converters that hand values straight to protobuf builders. Each checks a {@code skip}
 * flag first, so that rows being passed over (while looking for one trace) build nothing.
 */
final class Converters {
  private Converters() {}

  static final class Group extends GroupConverter {
    private final BooleanSupplier skip;
    private final Converter[] children;
    private final Runnable onStart;
    private final Runnable onEnd;

    Group(BooleanSupplier skip, Runnable onStart, Runnable onEnd, Converter... children) {
      this.skip = skip;
      this.children = children;
      this.onStart = onStart;
      this.onEnd = onEnd;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {
      if (!skip.getAsBoolean()) {
        onStart.run();
      }
    }

    @Override
    public void end() {
      if (!skip.getAsBoolean()) {
        onEnd.run();
      }
    }
  }

  /** Bytes and strings, decoding each dictionary entry only once per dictionary. */
  static final class Bytes extends PrimitiveConverter {
    private final BooleanSupplier skip;
    private final Consumer<ByteString> sink;
    private Dictionary dictionary;
    private ByteString[] decoded;

    Bytes(BooleanSupplier skip, Consumer<ByteString> sink) {
      this.skip = skip;
      this.sink = sink;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      this.dictionary = dictionary;
      this.decoded = new ByteString[dictionary.getMaxId() + 1];
    }

    @Override
    public void addValueFromDictionary(int id) {
      if (skip.getAsBoolean()) {
        return;
      }
      ByteString value = decoded[id];
      if (value == null) {
        value = toByteString(dictionary.decodeToBinary(id));
        decoded[id] = value;
      }
      sink.accept(value);
    }

    @Override
    public void addBinary(Binary value) {
      if (!skip.getAsBoolean()) {
        sink.accept(toByteString(value));
      }
    }

    static ByteString toByteString(Binary value) {
      // getBytes() returns a copy (or a constant array), so wrapping it without copying is safe.
      return UnsafeByteOperations.unsafeWrap(value.getBytes());
    }
  }

  static final class Long extends PrimitiveConverter {
    private final BooleanSupplier skip;
    private final LongConsumer sink;

    Long(BooleanSupplier skip, LongConsumer sink) {
      this.skip = skip;
      this.sink = sink;
    }

    @Override
    public void addLong(long value) {
      if (!skip.getAsBoolean()) {
        sink.accept(value);
      }
    }
  }

  static final class Int extends PrimitiveConverter {
    private final BooleanSupplier skip;
    private final IntConsumer sink;

    Int(BooleanSupplier skip, IntConsumer sink) {
      this.skip = skip;
      this.sink = sink;
    }

    @Override
    public void addInt(int value) {
      if (!skip.getAsBoolean()) {
        sink.accept(value);
      }
    }
  }

  static final class Double extends PrimitiveConverter {
    private final BooleanSupplier skip;
    private final DoubleConsumer sink;

    Double(BooleanSupplier skip, DoubleConsumer sink) {
      this.skip = skip;
      this.sink = sink;
    }

    @Override
    public void addDouble(double value) {
      if (!skip.getAsBoolean()) {
        sink.accept(value);
      }
    }
  }

  static final class Bool extends PrimitiveConverter {
    private final BooleanSupplier skip;
    private final Consumer<Boolean> sink;

    Bool(BooleanSupplier skip, Consumer<Boolean> sink) {
      this.skip = skip;
      this.sink = sink;
    }

    @Override
    public void addBoolean(boolean value) {
      if (!skip.getAsBoolean()) {
        sink.accept(value);
      }
    }
  }
}
