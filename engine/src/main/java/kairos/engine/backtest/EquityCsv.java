package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.kernel.EquityCurve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code equity.csv}: {@code timestamp,equity,drawdown,in_position}, one row per equity point.
 * {@code drawdown} is the fraction below the running peak (0 at a new high); {@code in_position} is
 * {@code true} or {@code false}. Numbers and times are printed as in {@link TradesCsv}. Written from a
 * replay's {@link EquityCurve} (the account journal), each row also has
 * {@code cash,unrealized_pnl,fees,funding,margin,exposure}: the wallet balance, the open positions' unrealised
 * PnL, fees and funding paid so far, initial margin and open notional ({@code equity = cash + unrealized_pnl}).
 */
public final class EquityCsv {

    public static final String HEADER = "timestamp,equity,drawdown,in_position";

    /** The header of a file written from an {@link EquityCurve}. */
    public static final String ACCOUNT_HEADER = HEADER + ",cash,unrealized_pnl,fees,funding,margin,exposure";

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
        EquityCurve account = points instanceof EquityCurve c ? c : null;
        StringBuilder out = new StringBuilder(account != null ? ACCOUNT_HEADER : HEADER).append('\n');
        for (int i = 0; i < drawdown.length; i++) {
            EquityPoint p = points.get(i);
            out.append(CsvText.time(p.time())).append(',')
                    .append(DecimalText.format(p.equity())).append(',')
                    .append(DecimalText.format(drawdown[i])).append(',')
                    .append(p.inPosition());
            if (account != null) {
                out.append(',').append(DecimalText.format(account.cash(i)))
                        .append(',').append(DecimalText.format(account.unrealized(i)))
                        .append(',').append(DecimalText.format(account.fees(i)))
                        .append(',').append(DecimalText.format(account.funding(i)))
                        .append(',').append(DecimalText.format(account.margin(i)))
                        .append(',').append(DecimalText.format(account.exposure(i)));
            }
            out.append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }
}
