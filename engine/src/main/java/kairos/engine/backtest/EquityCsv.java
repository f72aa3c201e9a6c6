package kairos.engine.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code equity.csv}: {@code timestamp,equity,drawdown,in_position}, one row per equity point.
 * {@code drawdown} is the fraction below the running peak (0 at a new high); {@code in_position} is
 * {@code true} or {@code false}. Numbers and times are printed as in {@link TradesCsv}.
 */
public final class EquityCsv {

    public static final String HEADER = "timestamp,equity,drawdown,in_position";

    private EquityCsv() {
    }

    /** Writes the curve with drawdowns measured from the first point's equity. */
    public static void write(Path file, List<EquityPoint> points) throws IOException {
        write(file, points, Double.NaN);
    }

    /**
     * Writes the curve with drawdowns measured from {@code initialEquity} as the first peak, matching
     * {@link PerformanceMetrics#maxDrawdown()}; NaN starts from the first point instead.
     */
    public static void write(Path file, List<EquityPoint> points, double initialEquity) throws IOException {
        double[] drawdown = Drawdown.series(points, initialEquity);
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < drawdown.length; i++) {
            EquityPoint p = points.get(i);
            out.append(CsvText.time(p.time())).append(',')
                    .append(DecimalText.format(p.equity())).append(',')
                    .append(DecimalText.format(drawdown[i])).append(',')
                    .append(p.inPosition()).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }
}
