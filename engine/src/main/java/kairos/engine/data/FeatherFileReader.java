package kairos.engine.data;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.ArrowType;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.SeriesId;

/**
 * freqtrade Feather files (Arrow IPC, LZ4-compressed): candles ({@code SOL_USDT_USDT-5m-futures.feather}) and
 * funding ({@code *-funding_rate.feather}, the rate in the {@code open} column). The {@code date} column is an
 * Arrow timestamp whose unit (seconds to nanoseconds) is read from the schema. Mark-price files are refused:
 * they are not tradable candles. Needs the JVM flag {@code --add-opens=java.base/java.nio=ALL-UNNAMED}.
 */
public final class FeatherFileReader implements MarketFileReader {

    private static final String[] COLUMNS = {"open", "high", "low", "close", "volume"};

    @Override
    public boolean accepts(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".feather");
    }

    @Override
    public String format() {
        return "freqtrade Feather candles or *-funding_rate (.feather)";
    }

    @Override
    public ParsedFile read(Path file, ImportHints hints) throws IOException {
        FileNameInfo name = FileNameInfo.of(file);
        if (name.kind() == FileNameInfo.Kind.MARK_PRICE) {
            throw new DataFileException(file + ": mark-price files are not imported (Kairos trades last-price "
                    + "candles); import the -futures candles instead");
        }
        boolean funding = name.kind() == FileNameInfo.Kind.FUNDING;
        SeriesId series = funding ? hints.fundingSeries(file, name) : hints.candleSeries(file, name);
        RowErrors errors = RowErrors.byRow(file);
        List<CandleRow> candles = new ArrayList<>();
        List<FundingRow> rates = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
                SeekableByteChannel channel = Files.newByteChannel(file);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator, CommonsCompressionFactory.INSTANCE)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            long row = 0;
            while (reader.loadNextBatch()) {
                Columns c = columns(file, root, funding);
                for (int i = 0; i < root.getRowCount(); i++) {
                    row++;
                    if (c.date.isNull(i)) {
                        errors.add(row, "date is missing");
                        continue;
                    }
                    long t = c.toMillis(c.date.get(i));
                    double[] v = new double[c.values.length];
                    boolean ok = true;
                    for (int k = 0; k < v.length && ok; k++) {
                        ok = !c.values[k].isNull(i);
                        if (ok) {
                            v[k] = c.value(k, i);
                        } else {
                            errors.add(row, COLUMNS[k] + " is missing");
                        }
                    }
                    if (!ok) {
                        continue;
                    }
                    if (funding) {
                        rates.add(new FundingRow(row, new FundingRate(t, v[0])));
                    } else {
                        candles.add(new CandleRow(row, new Bar(t, v[0], v[1], v[2], v[3], v[4])));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw new DataFileException(file + ": not a readable Feather (Arrow IPC) file: " + e.getMessage());
        }
        return funding ? RowValidator.funding(file, series, rates, errors)
                : RowValidator.candles(file, series, candles, errors);
    }

    /** The vectors of one batch and the unit of the date column. */
    private record Columns(TimeStampVector date, TimeUnit unit, FieldVector[] values) {

        long toMillis(long raw) {
            return unit.toMillis(raw);
        }

        double value(int column, int i) {
            FieldVector v = values[column];
            return v instanceof FloatingPointVector f ? f.getValueAsDouble(i) : ((BaseIntVector) v).getValueAsLong(i);
        }
    }

    private static Columns columns(Path file, VectorSchemaRoot root, boolean funding) {
        FieldVector date = root.getVector("date");
        if (!(date instanceof TimeStampVector ts) || !(date.getField().getType() instanceof ArrowType.Timestamp type)) {
            throw new DataFileException(file + ": expected a 'date' timestamp column, found "
                    + (date == null ? "none" : date.getField()) + " in " + root.getSchema());
        }
        TimeUnit unit = switch (type.getUnit()) {
            case SECOND -> TimeUnit.SECONDS;
            case MILLISECOND -> TimeUnit.MILLISECONDS;
            case MICROSECOND -> TimeUnit.MICROSECONDS;
            case NANOSECOND -> TimeUnit.NANOSECONDS;
        };
        int n = funding ? 1 : COLUMNS.length;
        FieldVector[] values = new FieldVector[n];
        for (int k = 0; k < n; k++) {
            FieldVector v = root.getVector(COLUMNS[k]);
            if (!(v instanceof FloatingPointVector) && !(v instanceof BaseIntVector)) {
                throw new DataFileException(file + ": expected a numeric '" + COLUMNS[k] + "' column, found "
                        + (v == null ? "none" : v.getField()));
            }
            values[k] = v;
        }
        return new Columns(ts, unit, values);
    }
}
