package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.FeeSchedule;
import kairos.engine.execution.VenueModel;
import kairos.engine.ml.Fold;
import kairos.engine.ml.WalkForwardPlan;
import kairos.engine.risk.RiskLimits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic hourly market for the walk-forward and gate tests: a random walk (0.4% an hour) where, optionally,
 * the bar of one UTC hour drifts up by a planted edge; and the hour test strategy (validation/hour) whose one
 * parameter is the hour it holds. The venue charges nothing here: with costs every hour without the edge would lose
 * the same fee each day, the grid's Sharpe ratios would spread by that cost and the deflated benchmark rise with
 * them (the deflated Sharpe ratio takes the trials to be skill-less noise around zero); these tests are about the
 * statistics and the gate, the costs have their own tests.
 */
final class HourMarket {
    static final int DAYS = 60;
    static final WalkForwardPlan PLAN = new WalkForwardPlan(15, 9, 9);

    private HourMarket() {
    }

    static CandleSeries bars(long seed, int days, int edgeHour, double edge) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Bar> bars = new ArrayList<>();
        double price = 150;
        for (int i = 0; i < days * 24; i++) {
            int hour = i % 24;
            double open = price;
            double r = rnd.nextGaussian() * 0.004 + (hour == edgeHour ? edge : 0);
            double close = open * (1 + r);
            double high = Math.max(open, close) * (1 + Math.abs(rnd.nextGaussian()) * 0.001);
            double low = Math.min(open, close) * (1 - Math.abs(rnd.nextGaussian()) * 0.001);
            bars.add(new Bar(ValidationFixtures.START + i * 3_600_000L, open, high, low, close,
                    1_000_000 * Math.exp(rnd.nextGaussian() * 0.3)));
            price = close;
        }
        return CandleSeries.of(Timeframe.H1, bars);
    }

    static Path rules() {
        return ValidationFixtures.resource("validation/hour/rules");
    }

    static Path cep() {
        return ValidationFixtures.resource("validation/hour/cep");
    }

    static BacktestSpec spec(CandleSeries sol, Path rules) {
        return new BacktestSpec("bybit", List.of("SOLUSDT"), List.of(), Timeframe.H1, Timeframe.H1, Map.of("SOLUSDT", sol),
                Map.of(), rules, cep(), 10_000, VenueModel.simple(new FeeSchedule(0, 0, 0), 100), ExecutionPolicy.DEFAULT, new RiskLimits(0.01, 3),
                Map.of("SOLUSDT", ValidationFixtures.SOL), "none");
    }

    static List<Fold> folds(CandleSeries s) {
        return PLAN.folds(s.openTime(0), s.openTime(s.size() - 1) + 3_600_000L);
    }

    static ParameterGrid grid(Path dir, int... hours) {
        StringBuilder yaml = new StringBuilder("parameters:\n  entryHour: [");
        for (int i = 0; i < hours.length; i++) {
            yaml.append(i == 0 ? "" : ", ").append(hours[i]);
        }
        yaml.append("]\n");
        try {
            Path f = Files.createTempFile(dir, "grid", ".yaml");
            Files.writeString(f, yaml);
            return ParameterGrid.read(f, RuleParameters.of(rules()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the hour rules holding {@code hour} (its scenario moved along), as a trader would submit it. */
    static Path rulesHolding(Path dir, int hour) {
        try {
            Path copy = Files.createDirectories(dir.resolve("rules-hour-" + hour));
            Files.createDirectories(copy.resolve("tests"));
            Files.writeString(copy.resolve("hour.drl"), Files.readString(rules().resolve("hour.drl"))
                    .replace("p.setEntryHour(3);", "p.setEntryHour(" + hour + ");"));
            Files.writeString(copy.resolve("tests/hour.yaml"), Files.readString(rules().resolve("tests/hour.yaml"))
                    .replace("2025-05-01T03:00:00Z", String.format("2025-05-01T%02d:00:00Z", hour))
                    .replace("2025-05-01T05:00:00Z", String.format("2025-05-01T%02d:00:00Z", (hour + 2) % 24)));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
