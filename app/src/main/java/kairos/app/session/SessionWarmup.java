package kairos.app.session;

import kairos.engine.cep.TickSynthesiser;
import kairos.engine.data.FileTrees;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Market;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.kernel.Kernel;
import kairos.engine.kernel.MarketDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The JIT's warm-up before a paper or live session takes the market: the store's newest days of 1m bars (turned
 * into trades, 12 a bar, seeded) played through a scratch paper session with the session's rules, EPL, venue model,
 * execution policy and risk limits — its kernel, Esper, Drools, order manager, simulated venue, state journal and
 * write-behind in a temporary folder, deleted afterwards. Nothing of it reaches the real session: its own kernel and
 * journal, no notifier, no decision file; only the process's compiled code is shared. Without it the first hours of
 * live decisions run in the interpreter and the JIT's first tiers and wait for compilations (measured in
 * {@code bench live}'s 240-minute run: the kernel's own work on the way to an order p99 3.2-3.3 → 1.6-1.7 ms, see
 * docs/performance.md and ADR 0013).
 */
public final class SessionWarmup {
    /** Trades a 1m bar is turned into (as {@code bench live}'s tape). */
    static final int TICKS_PER_BAR = 12;

    private SessionWarmup() {
    }

    /** What the warm-up played: the series, its 1m bars, the scratch session's fills, the seconds it took. */
    public record Result(String series, int bars, int fills, double seconds) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s, %d 1m bars, %d fills, %.1f s", series, bars, fills, seconds);
        }
    }

    /**
     * Plays the newest {@code days} of 1m bars of the first of {@code spec}'s symbols the store holds (Bybit's, else
     * Binance's perpetual) through a scratch session; empty when {@code days} is 0 or the store has none of them.
     * {@code attach}: what the real session's kernel is given besides (the model's scorer), given to the scratch one.
     */
    public static Optional<Result> run(TradingSession.Spec spec, MarketStore store, double days,
                                       Consumer<Kernel> attach) {
        if (days <= 0) {
            return Optional.empty();
        }
        for (String symbol : spec.symbols()) {
            for (String exchange : List.of("bybit", "binance")) {
                SeriesId id = SeriesId.candles(exchange, Market.PERP, symbol, Timeframe.M1);
                if (store.finestTimeframe(exchange, Market.PERP, symbol).orElse(null) != Timeframe.M1) {
                    continue;
                }
                List<Bar> all = store.candles(id, Long.MIN_VALUE, Long.MAX_VALUE).bars();
                if (all.isEmpty()) {
                    continue;
                }
                long from = all.getLast().openTime() - Math.round(days * 86_400_000L);
                List<Bar> bars = all.stream().filter(b -> b.openTime() > from).toList();
                return Optional.of(play(spec, symbol, exchange + "/perp/" + symbol, bars, attach));
            }
        }
        return Optional.empty();
    }

    static Result play(TradingSession.Spec spec, String symbol, String series, List<Bar> bars, Consumer<Kernel> attach) {
        long t0 = System.nanoTime();
        TickSynthesiser ticks = new TickSynthesiser(1, TICKS_PER_BAR);
        List<MarketEvent> events = new ArrayList<>(bars.size() * (TICKS_PER_BAR + 1));
        for (Bar bar : bars) {
            ticks.synthesise(symbol, bar, events::add);
            events.add(new MarketEvent.BarClose(symbol, Timeframe.M1, bar));
        }
        events.sort(Comparator.comparingLong(MarketEvent::time));   // stable: a bar's close after its trades
        Path scratch;
        try {
            scratch = Files.createTempDirectory("kairos-warmup");
        } catch (IOException e) {
            throw new UncheckedIOException("the JIT warm-up's scratch folder could not be made", e);
        }
        TradingSession.Spec scratchSpec = new TradingSession.Spec("warmup", "paper", List.of(symbol),
                spec.strategyTimeframe(), spec.rulesDir(), spec.cepDir(), scratch, spec.initialEquity(), spec.venue(),
                spec.execution(), spec.risk(), spec.halts(), spec.instruments(),
                spec.modelVersion() == null ? "none" : spec.modelVersion(),
                spec.reconcileIntervalMs());
        try (TradingSession s = TradingSession.onRecordedData(scratchSpec, MarketDataSource.of(events),
                events.isEmpty() ? 0 : events.getFirst().time() - 60_000, alert -> { })) {
            attach.accept(s.kernel());
            s.run();
            return new Result(series, bars.size(), s.venue().executions().size(),
                    (System.nanoTime() - t0) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the JIT warm-up was interrupted", e);
        } finally {
            delete(scratch);
        }
    }

    private static void delete(Path dir) {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            // a scratch file left in the temporary folder is harmless
        }
    }
}
