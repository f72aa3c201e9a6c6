package kairos.engine.kernel;

import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.DeliveryModel;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.VenueModel;
import kairos.engine.risk.RiskLimits;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel on a stream of every market event type: each type reaches a decision, CEP patterns and fills are
 * decision points of their own, and the hard halts act with no emergency rule on disk.
 */
class KernelEventsTest {
    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z
    static final Instrument SOL = new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
            new BigDecimal("0.1"), new BigDecimal("5"));

    static BacktestSpec spec(List<MarketEvent> tape, Path rules) {
        Map<String, List<Bar>> bars = new LinkedHashMap<>();
        for (MarketEvent e : tape) {
            if (e instanceof MarketEvent.BarClose b) {
                bars.computeIfAbsent(b.symbol(), k -> new ArrayList<>()).add(b.bar());
            }
        }
        Map<String, CandleSeries> series = new LinkedHashMap<>();
        bars.forEach((s, b) -> series.put(s, CandleSeries.of(Timeframe.M1, b)));
        return new BacktestSpec("bybit", List.of("SOLUSDT"), List.of("BTCUSDT"), Timeframe.M1, Timeframe.M5, series,
                Map.of(), rules, ProjectDirs.cep(), 10_000, VenueModel.DEFAULT, ExecutionPolicy.DEFAULT,
                new RiskLimits(0.01, 3), Map.of("SOLUSDT", SOL), "none");
    }

    static List<Decision> run(BacktestSpec spec, List<MarketEvent> tape, List<String> alerts) {
        try (BacktestRun run = new BacktestRun(spec, MarketDataSource.of(tape), DeliveryModel.PERFECT)) {
            run.kernel().notifyTo(a -> alerts.add(a.type() + ": " + a.text()));
            run.replay(n -> { }, Long.MAX_VALUE);
            return run.decisions();
        }
    }

    static Path copyRules(Path dir) throws IOException {
        return kairos.engine.rules.KernelHotReloadTestAccess.copyRules(dir);
    }

    @Test
    void everyMarketEventTypeReachesADecision(@TempDir Path tmp) throws IOException {
        Path rules = copyRules(tmp.resolve("rules"));
        Files.writeString(rules.resolve("test-inputs.drl"), """
                package kairos.rules;
                import kairos.engine.rules.*;
                // every event type of the contract, as the rules see it at a decision point
                rule "test: every input"
                    salience 900
                when
                    $m : MarketState(has("delta"), has("book_imb_5"), has("liq_long_usd"), has("funding_rate"),
                                     has("open_interest"), has("long_short_ratio"), has("mark_price"),
                                     has("index_price"), has("funding_rate_predicted"), has("rsi_14"))
                then
                    insert(new Veto("test", "trade delta " + $m.feature("delta") + " book " + $m.feature("book_imb_5")
                            + " liquidation " + $m.feature("liq_long_usd") + " settled " + $m.feature("funding_rate")
                            + " oi " + $m.feature("open_interest") + " lsr " + $m.feature("long_short_ratio")
                            + " mark " + $m.feature("mark_price") + " index " + $m.feature("index_price")
                            + " predicted " + $m.feature("funding_rate_predicted") + " bar close " + $m.getClose()));
                end
                """);
        List<MarketEvent> tape = TickTape.of(11, START, 8 * 60 + 30, true, TickTape.SOL, TickTape.BTC);
        assertThat(tape).extracting(e -> e.getClass().getSimpleName()).contains("Trade", "Book", "Liquidation",
                "BarClose", "Funding", "OpenInterest", "LongShortRatio", "Mark", "Index");
        List<Decision> decisions = run(spec(tape, rules), tape, new ArrayList<>());
        List<Decision> seeing = decisions.stream().filter(d -> d.vetoes().stream().anyMatch(v -> v.tier().equals("test")))
                .toList();
        assertThat(seeing).isNotEmpty();
        assertThat(seeing).allSatisfy(d -> {
            assertThat(d.microstructure()).isEqualTo("ticks");
            String text = d.vetoes().stream().filter(v -> v.tier().equals("test")).findFirst().orElseThrow().reason();
            assertThat(text).contains("oi 1000", "predicted 1.0E-4", "settled 1.0E-4").doesNotContain("NaN");
        });
        // the settlement at 08:00 reached the features: no decision before it saw it
        assertThat(Instant(seeing.getFirst().ts())).isGreaterThanOrEqualTo(START + 8 * 3_600_000L);
    }

    static long Instant(String iso) {
        return java.time.Instant.parse(iso).toEpochMilli();
    }

    /** Test rules: enter at market when flat at a bar close, exit 10 minutes later (no filters, no emergencies). */
    static Path minimalRules(Path dir) throws IOException {
        return TestRules.enterAndLeave(dir, true);
    }

    @Test
    void aPatternAndAFillAreEachADecisionPointOfTheirOwn(@TempDir Path tmp) throws IOException {
        List<MarketEvent> tape = TickTape.of(12, START, 6 * 60, true, TickTape.SOL, TickTape.BTC);
        List<Decision> decisions = run(spec(tape, minimalRules(tmp.resolve("rules"))), tape, new ArrayList<>());
        assertThat(decisions).extracting(Decision::trigger).contains("bar_close", "pattern", "fill");
        Decision fill = decisions.stream().filter(d -> d.trigger().equals("fill")).findFirst().orElseThrow();
        assertThat(fill.id()).isEqualTo("SOLUSDT-" + Instant(fill.ts()) + "-f");
        assertThat(Instant(fill.ts()) % 300_000).isNotZero();          // a tick's time, not a bar close
        Decision pattern = decisions.stream().filter(d -> d.trigger().equals("pattern")).findFirst().orElseThrow();
        assertThat(pattern.patterns()).isNotEmpty();
        assertThat(pattern.id()).endsWith("-p");
        // bar closes absorb what else happened at their instant: one decision per symbol and instant
        assertThat(decisions).extracting(Decision::id).doesNotHaveDuplicates();
    }

    @Test
    void everyPatternEmittedIsSeenContextSymbolsIncludedHistoryNot(@TempDir Path tmp) throws IOException {
        List<MarketEvent> tape = TickTape.of(12, START, 6 * 60, true, TickTape.SOL, TickTape.BTC);
        List<kairos.engine.cep.PatternFact> seen = new ArrayList<>();
        List<Decision> decisions;
        try (BacktestRun run = new BacktestRun(spec(tape, minimalRules(tmp.resolve("rules"))), MarketDataSource.of(tape),
                DeliveryModel.PERFECT)) {
            run.kernel().onPatternSeen(seen::add);
            run.kernel().history(true);
            run.kernel().onPattern(new kairos.engine.cep.PatternFact("VolumeSpike", "SOLUSDT", START, Map.of()));
            assertThat(seen).as("a pattern of the history is not seen").isEmpty();
            run.kernel().history(false);
            run.replay(n -> { }, Long.MAX_VALUE);
            decisions = run.decisions();
        }
        assertThat(seen).extracting(kairos.engine.cep.PatternFact::getSymbol).contains("SOLUSDT", "BTCUSDT");
        List<String> decided = decisions.stream().flatMap(d -> d.patterns().stream()).toList();
        assertThat(decided).isNotEmpty();
        assertThat(seen.stream().filter(f -> f.getSymbol().equals("SOLUSDT")).map(kairos.engine.cep.PatternFact::getName))
                .as("every pattern a decision took was seen").containsAll(decided);
    }

    @Test
    void theHardHaltsActWithNoEmergencyRuleOnDisk(@TempDir Path tmp) throws IOException {
        List<MarketEvent> tape = new ArrayList<>(TickTape.of(13, START, 6 * 60, true, TickTape.SOL, TickTape.BTC));
        // a 6% crash within one minute, in trades, at 04:30:10
        long crash = START + 4 * 3_600_000L + 30 * 60_000L + 10_000;
        double last = tape.stream().filter(e -> e instanceof MarketEvent.Trade t && t.symbol().equals("SOLUSDT")
                && t.time() < crash).map(e -> ((MarketEvent.Trade) e).price()).reduce((a, b) -> b).orElseThrow();
        for (int i = 1; i <= 6; i++) {
            tape.add(new MarketEvent.Trade("SOLUSDT", crash + i * 1_000L, crash + i * 1_000L + 5,
                    Math.round(last * (1 - 0.01 * i) * 100) / 100.0, 5, Side.Sell));
        }
        tape.sort(java.util.Comparator.comparingLong(MarketEvent::time));
        Path rules = minimalRules(tmp.resolve("rules"));
        assertThat(Files.list(rules).map(p -> p.getFileName().toString())).containsExactly("enter-and-leave.drl");
        List<String> alerts = new ArrayList<>();
        List<Decision> decisions = run(spec(tape, rules), tape, alerts);
        Decision halt = decisions.stream().filter(d -> d.actions().stream().anyMatch(a -> a.rule().equals(
                "risk guard (hard halt)"))).findFirst().orElseThrow();
        assertThat(halt.trigger()).isEqualTo("risk_event");
        assertThat(halt.actions()).extracting(Decision.ActionRecord::type).containsExactly("cancel_all", "flatten",
                "pause", "alert");
        assertThat(halt.actions().get(3).alertType()).isEqualTo("EXTREME_MOVEMENT");
        assertThat(alerts).anyMatch(a -> a.startsWith("EXTREME_MOVEMENT"));
        long at = Instant(halt.ts());
        assertThat(halt.actions().get(2).until()).isEqualTo(java.time.Instant.ofEpochMilli(at + 30 * 60_000L).toString());
        // for the next 30 minutes the risk guard refuses every entry, though the rules keep proposing
        assertThat(decisions).filteredOn(d -> Instant(d.ts()) > at && Instant(d.ts()) < at + 30 * 60_000L
                        && d.proposal() != null)
                .isNotEmpty().allSatisfy(d -> assertThat(d.verdict().reason()).contains("paused"));
        assertThat(decisions).filteredOn(d -> Instant(d.ts()) > at + 30 * 60_000L)
                .anyMatch(d -> d.verdict().status().equals("accepted"));
    }

}
