package kairos.engine.features;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;

import kairos.engine.domain.Bar;

/** Test helper: reads freqtrade feather candles (Arrow IPC file, possibly LZ4) into bars; date unit from the schema. */
final class FeatherBars {
    private FeatherBars() {
    }

    /** A file of the shared 1m data set, or null when ../shared is absent. */
    static Path dataFile(String name) {
        for (Path base : List.of(Path.of("..", "shared", "data"), Path.of("..", "..", "shared", "data"),
                Path.of("/work/shared/data"))) {
            Path p = base.resolve("binance-usdm-1m-2025-05_2025-06_TheSnowGuru-Market-Swarm-Agents").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static List<Bar> read(Path file) throws IOException {
        List<Bar> out = new ArrayList<>();
        try (BufferAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, alloc, CommonsCompressionFactory.INSTANCE)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                FieldVector date = root.getVector("date");
                ArrowType.Timestamp type = (ArrowType.Timestamp) date.getField().getType();
                TimeUnit unit = switch (type.getUnit()) {
                    case SECOND -> TimeUnit.SECONDS;
                    case MILLISECOND -> TimeUnit.MILLISECONDS;
                    case MICROSECOND -> TimeUnit.MICROSECONDS;
                    case NANOSECOND -> TimeUnit.NANOSECONDS;
                };
                TimeStampVector ts = (TimeStampVector) date;
                Float8Vector o = (Float8Vector) root.getVector("open");
                Float8Vector h = (Float8Vector) root.getVector("high");
                Float8Vector l = (Float8Vector) root.getVector("low");
                Float8Vector c = (Float8Vector) root.getVector("close");
                Float8Vector v = (Float8Vector) root.getVector("volume");
                for (int i = 0; i < root.getRowCount(); i++) {
                    out.add(new Bar(unit.toMillis(ts.get(i)), o.get(i), h.get(i), l.get(i), c.get(i), v.get(i)));
                }
            }
        }
        return out;
    }
}
