package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.VenueModel;
import kairos.engine.risk.RiskLimits;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.SyntheticBars;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Synthetic inputs for the validation tests: seeded random walks, the test rule folders under validation/. */
final class ValidationFixtures {
    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z
    static final Instrument SOL = new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
            new BigDecimal("0.1"), new BigDecimal("5"));

    private ValidationFixtures() {
    }

    static Path resource(String path) {
        try {
            return Path.of(ValidationFixtures.class.getClassLoader().getResource(path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random walk of liquid bars (volumes x 10,000, so the venue's size impact stays small). */
    static CandleSeries walk(long seed, Timeframe tf, int n, double price) {
        List<Bar> bars = new ArrayList<>();
        for (Bar b : SyntheticBars.randomWalk(seed, START, tf.millis(), n, price)) {
            bars.add(new Bar(b.openTime(), b.open(), b.high(), b.low(), b.close(), b.volume() * 10_000));
        }
        return CandleSeries.of(tf, bars);
    }

    /** The EMA test strategy (with one emergency rule) on a 5m random walk of SOL, BTC as context. */
    static BacktestSpec emaSpec(int bars) {
        CandleSeries sol = walk(21, Timeframe.M5, bars, 150);
        CandleSeries btc = walk(22, Timeframe.M5, bars, 95_000);
        List<FundingRate> funding = new ArrayList<>();
        for (long t = START + 8 * 3_600_000L; t < START + bars * 300_000L; t += 8 * 3_600_000L) {
            funding.add(new FundingRate(t, 0.0001));
        }
        return new BacktestSpec("bybit", List.of("SOLUSDT"), List.of("BTCUSDT"), Timeframe.M5, Timeframe.M5,
                Map.of("SOLUSDT", sol, "BTCUSDT", btc), Map.of("SOLUSDT", funding), resource("validation/ema/rules"),
                resource("validation/ema/cep"), 10_000, VenueModel.DEFAULT, ExecutionPolicy.DEFAULT,
                new RiskLimits(0.01, 3), Map.of("SOLUSDT", SOL), "none");
    }

    static Path projectRules() {
        return ProjectDirs.rules();
    }
}
