package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;

import org.junit.jupiter.api.Test;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

class FeatureMatrixWriterTest {

    @Test
    void writesTimestampThenEveryFeatureWithEmptyCellsForNaN() throws Exception {
        FeatureConfig cfg = FeatureConfig.standard(Timeframe.M5);
        List<Bar> bars = Synthetic.bars(5, 300, Timeframe.M5, Synthetic.T0, 150, 0.01);
        FeatureInputs in = FeatureInputs.candles(bars);
        StringWriter streamed = new StringWriter();
        long from = bars.get(100).openTime();
        long n = FeatureMatrixWriter.write(cfg, in, from, Long.MAX_VALUE, streamed);
        assertEquals(200, n);
        String[] lines = streamed.toString().split("\n");
        assertEquals(201, lines.length);
        String[] header = lines[0].split(",", -1);
        FeatureSchema schema = FeatureSchema.of(cfg);
        assertEquals("timestamp", header[0]);
        assertEquals(schema.size() + 1, header.length);
        assertEquals("rsi_14", header[1 + schema.require("rsi_14")]);
        String[] first = lines[1].split(",", -1);
        assertEquals("2025-06-01T08:20:00Z", first[0]);
        assertEquals(header.length, first.length);
        FeatureMatrix m = FeatureMatrix.compute(cfg, in, from, Long.MAX_VALUE);
        int rsi = schema.require("rsi_14");
        assertEquals(m.get(0, rsi), Double.parseDouble(first[1 + rsi]), "round-trips exactly");
        int delta = schema.require("delta");
        assertEquals("", first[1 + delta], "absent micro feature is an empty cell");
        int rsi4h = schema.require("rsi_14@4h");
        assertEquals("", first[1 + rsi4h], "still warming up");
        StringWriter fromMatrix = new StringWriter();
        FeatureMatrixWriter.write(m, fromMatrix);
        assertEquals(streamed.toString(), fromMatrix.toString());
    }

    @Test
    void propagatesWriteFailures() {
        Writer broken = new Writer() {
            int calls;

            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                if (++calls > 1) {
                    throw new IOException("disk full");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        List<Bar> bars = Synthetic.bars(5, 10, Timeframe.M1, Synthetic.T0, 150, 0.01);
        IOException ex = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> FeatureMatrixWriter.write(FeatureConfig.standard(Timeframe.M1), FeatureInputs.candles(bars), Long.MIN_VALUE,
                        Long.MAX_VALUE, broken));
        assertTrue(ex.getMessage().contains("disk full"));
    }
}
