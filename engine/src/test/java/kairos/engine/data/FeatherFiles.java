package kairos.engine.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import kairos.engine.domain.Bar;

/** Writes small freqtrade-shaped Feather files (LZ4-compressed Arrow IPC) for tests. */
final class FeatherFiles {

    private FeatherFiles() {
    }

    /** Writes bars with the {@code date} column in the given unit; a null bar field is written as null. */
    static Path write(Path file, TimeUnit unit, List<Bar> bars, int batchSize) throws IOException {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("date", FieldType.nullable(new ArrowType.Timestamp(unit, "UTC")), null));
        for (String name : List.of("open", "high", "low", "close", "volume")) {
            fields.add(new Field(name, FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    null));
        }
        long perMilli = switch (unit) {
            case SECOND -> 0;
            case MILLISECOND -> 1;
            case MICROSECOND -> 1_000;
            case NANOSECOND -> 1_000_000;
        };
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, ch, Map.of(), IpcOption.DEFAULT,
                        CommonsCompressionFactory.INSTANCE, CompressionUtil.CodecType.LZ4_FRAME, Optional.empty())) {
            writer.start();
            for (int from = 0; from < bars.size(); from += batchSize) {
                int n = Math.min(batchSize, bars.size() - from);
                root.allocateNew();
                TimeStampVector date = (TimeStampVector) root.getVector("date");
                List<FieldVector> vectors = root.getFieldVectors();
                for (int i = 0; i < n; i++) {
                    Bar b = bars.get(from + i);
                    date.setSafe(i, unit == TimeUnit.SECOND ? b.openTime() / 1000 : b.openTime() * perMilli);
                    double[] v = {b.open(), b.high(), b.low(), b.close(), b.volume()};
                    for (int k = 0; k < 5; k++) {
                        ((Float8Vector) vectors.get(k + 1)).setSafe(i, v[k]);
                    }
                }
                root.setRowCount(n);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }
}
