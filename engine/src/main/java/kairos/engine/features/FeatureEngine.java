package kairos.engine.features;

import java.util.Arrays;

import kairos.engine.cep.events.FeedEvent;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.TradeTick;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.context.FundingFeatures;
import kairos.engine.features.context.Intermarket;
import kairos.engine.features.context.PivotFeatures;
import kairos.engine.features.context.TargetMoves;
import kairos.engine.features.context.TimeFeatures;
import kairos.engine.features.micro.BookSnapshot;
import kairos.engine.features.micro.MicrostructureFeatures;
import kairos.engine.features.momentum.MomentumGroup;
import kairos.engine.features.structure.PatternGroup;
import kairos.engine.features.structure.StructureGroup;
import kairos.engine.features.trend.TrendGroup;
import kairos.engine.features.volatility.VolatilityGroup;
import kairos.engine.features.volume.VolumeGroup;

/**
 * Incremental feature engine for one symbol. Feed it, in time order, closed base bars ({@link #onBar}) and, before
 * each bar, whatever context happened up to that bar's close: context-symbol bars ({@link #onContextBar}), funding
 * settlements ({@link #onFunding}) and trade/book/liquidation events. After {@link #onBar} the row for that bar is
 * in {@link #value(int)} / {@link #snapshot()}.
 *
 * <p>Each bar costs O(1) or O(window) per feature. Coarser timeframes are aggregated from base bars; their columns
 * hold the values of their last closed bar (a bar closes with the base bar that ends on its boundary), so no column
 * sees data after the base bar's close. Context inputs fed early are buffered and only used once their time has come.
 * One engine serves one symbol: the caller routes bars and events by symbol (event symbols are not checked).
 * Not thread-safe: one engine belongs to one kernel thread.
 */
public final class FeatureEngine {
    private final FeatureConfig config;
    private final FeatureSchema schema;
    private final double[] values;
    private final Block[] blocks;
    private final TimeFeatures time = new TimeFeatures();
    private final TargetMoves moves;
    private final FundingFeatures funding;
    private final PivotFeatures pivots = new PivotFeatures();
    private final Intermarket intermarket = new Intermarket();
    private final MicrostructureFeatures micro = new MicrostructureFeatures();
    private final int timeOff;
    private final int movesOff;
    private final int fundingOff;
    private final int pivotOff;
    private final int interOff;
    private final int microOff;
    private long lastOpen = Long.MIN_VALUE;
    private long bars;

    /** One timeframe: its bar history, its groups and (for coarser timeframes) the bar being aggregated. */
    private static final class Block {
        final Timeframe tf;
        final BarHistory hist;
        final FeatureGroup[] groups = {new TrendGroup(), new MomentumGroup(), new VolatilityGroup(), new VolumeGroup(),
                new StructureGroup(), new PatternGroup()};
        final int[] offsets = new int[groups.length];
        long aggOpen = Long.MIN_VALUE;
        boolean aggComplete;
        double o;
        double h;
        double l;
        double c;
        double v;

        Block(Timeframe tf) {
            this.tf = tf;
            this.hist = new BarHistory(tf);
        }

        void close(double[] out) {
            hist.push(aggOpen, o, h, l, c, v);
            aggOpen = Long.MIN_VALUE;
            for (int i = 0; i < groups.length; i++) {
                groups[i].update(hist, out, offsets[i]);
            }
        }
    }

    public FeatureEngine(FeatureConfig config) {
        this.config = config;
        this.funding = new FundingFeatures(config.fundingIntervalHours());
        this.moves = new TargetMoves(config.moveTarget());
        long baseMs = config.base().millis();
        Columns cols = new Columns();
        timeOff = cols.size();
        time.declare(cols, baseMs);
        movesOff = cols.size();
        moves.declare(cols);
        fundingOff = cols.size();
        funding.declare(cols);
        pivotOff = cols.size();
        pivots.declare(cols, baseMs);
        interOff = cols.size();
        intermarket.declare(cols, baseMs, config.btcSymbol(), config.ethSymbol());
        microOff = cols.size();
        micro.declare(cols, baseMs);
        blocks = new Block[config.higher().size() + 1];
        for (int k = 0; k < blocks.length; k++) {
            Timeframe tf = k == 0 ? config.base() : config.higher().get(k - 1);
            blocks[k] = new Block(tf);
            int scale = (int) (tf.millis() / baseMs);
            cols.scope(k == 0 ? "" : "@" + tf.label(), scale, k == 0 ? "candles" : "candles:" + tf.label());
            for (int i = 0; i < blocks[k].groups.length; i++) {
                blocks[k].offsets[i] = cols.size();
                blocks[k].groups[i].declare(cols);
            }
        }
        schema = new FeatureSchema(config, cols.specs());
        values = new double[schema.size()];
        Arrays.fill(values, Double.NaN);
    }

    public FeatureSchema schema() {
        return schema;
    }

    public FeatureConfig config() {
        return config;
    }

    /** A bar of a context symbol (the configured BTC or ETH symbol) at the base timeframe. */
    public void onContextBar(String symbol, Bar bar) {
        if (symbol.equals(config.btcSymbol())) {
            intermarket.offerBtc(bar);
        } else if (symbol.equals(config.ethSymbol())) {
            intermarket.offerEth(bar);
        } else {
            throw new IllegalArgumentException("not a configured context symbol: " + symbol);
        }
    }

    /** A funding settlement; used from the first bar whose close is at or after its time. */
    public void onFunding(FundingRate rate) {
        funding.offer(rate);
    }

    public void onTrade(TradeTick trade) {
        micro.offer(trade);
    }

    public void onBook(BookSnapshot book) {
        micro.offer(book);
    }

    public void onLiquidation(Liquidation liquidation) {
        micro.offer(liquidation);
    }

    /** Any microstructure event (trade, book snapshot or liquidation). */
    public void onMicroEvent(FeedEvent event) {
        micro.offer(event);
    }

    /** Liquidation columns read 0 rather than NaN before the first liquidation: the stream is connected. */
    public void declareLiquidationStreamLive() {
        micro.declareLiquidationStreamLive();
    }

    /** A closed bar of the base timeframe; its open time must be aligned and later than the previous bar's. */
    public void onBar(Bar bar) {
        Timeframe base = config.base();
        long t = bar.openTime();
        if (base.floor(t) != t) {
            throw new IllegalArgumentException("bar open " + t + " is not aligned to " + base);
        }
        if (t <= lastOpen) {
            throw new IllegalArgumentException("bar open " + t + " is not after the previous bar's " + lastOpen);
        }
        lastOpen = t;
        bars++;
        long closeTime = t + base.millis();
        Block b0 = blocks[0];
        b0.aggOpen = t;
        b0.o = bar.open();
        b0.h = bar.high();
        b0.l = bar.low();
        b0.c = bar.close();
        b0.v = bar.volume();
        b0.close(values);
        for (int k = 1; k < blocks.length; k++) {
            Block b = blocks[k];
            long bucket = b.tf.floor(t);
            if (b.aggOpen != Long.MIN_VALUE && b.aggOpen != bucket) {
                emit(b);
            }
            if (b.aggOpen == Long.MIN_VALUE) {
                b.aggOpen = bucket;
                b.aggComplete = b.hist.count() > 0 || bucket == t;
                b.o = bar.open();
                b.h = bar.high();
                b.l = bar.low();
                b.v = 0;
            } else {
                b.h = Math.max(b.h, bar.high());
                b.l = Math.min(b.l, bar.low());
            }
            b.c = bar.close();
            b.v += bar.volume();
            if (closeTime % b.tf.millis() == 0) {
                emit(b);
            }
        }
        BarHistory h0 = b0.hist;
        time.update(h0, values, timeOff);
        moves.update(t, bar.open(), bar.close(), values, movesOff);
        funding.update(closeTime, values, fundingOff);
        pivots.update(t, bar.high(), bar.low(), bar.close(), values, pivotOff);
        intermarket.update(t, bar.close(), values, interOff);
        micro.update(t, closeTime, bar.close(), base.millis() / 60_000.0, values, microOff);
    }

    private void emit(Block b) {
        if (b.aggComplete) {
            b.close(values);
        } else {
            b.aggOpen = Long.MIN_VALUE;
        }
    }

    /** The value of {@code column} for the last bar (NaN while warming up or when absent). */
    public double value(int column) {
        return values[column];
    }

    public double value(String name) {
        return values[schema.require(name)];
    }

    /** A copy of the current row. */
    public double[] snapshot() {
        return values.clone();
    }

    /** Copies the current row into {@code dst} (length >= schema size), allocation-free. */
    public void snapshotInto(double[] dst) {
        snapshotInto(dst, 0);
    }

    /** Copies the current row into {@code dst} from {@code offset}, allocation-free. */
    public void snapshotInto(double[] dst, int offset) {
        System.arraycopy(values, 0, dst, offset, values.length);
    }

    /** Open time of the last bar fed, or {@link Long#MIN_VALUE} before the first. */
    public long lastBarOpenTime() {
        return lastOpen;
    }

    public long barCount() {
        return bars;
    }
}
