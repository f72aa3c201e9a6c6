package kairos.app.cli;

import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;

/** Series selection shared by the commands that read market data. */
public final class SeriesOptions {
    @Option(names = "--exchange", paramLabel = "NAME", description = "Exchange of the series (default: from the config, bybit).")
    String exchange;

    @Option(names = "--market", paramLabel = "perp|spot", description = "Market of the series (default: perp).")
    String market;

    @Option(names = {"--symbols", "--symbol"}, paramLabel = "SYM[,SYM...]", split = ",",
            description = "Traded symbol(s), comma-separated (default: from the config, SOLUSDT).")
    List<String> symbols;

    @Option(names = "--timeframe", paramLabel = "TF", description = "Strategy timeframe: 1m, 3m, 5m, 15m, 1h, 4h (default: 5m).")
    String timeframe;

    @Option(names = "--from", paramLabel = "TIME", converter = TimeArgs.class,
            description = "First bar, inclusive: ISO date or date-time, UTC (default: start of the data).")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = TimeArgs.class,
            description = "End, exclusive: ISO date or date-time, UTC (default: end of the data).")
    Instant to;

    public long fromMillis() {
        return from == null ? Long.MIN_VALUE : from.toEpochMilli();
    }

    public long toMillis() {
        return to == null ? Long.MAX_VALUE : to.toEpochMilli();
    }
}
