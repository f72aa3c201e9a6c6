package kairos.engine.domain;

/**
 * Market data as the kernel receives it, whatever its source (a replay of stored series, a recording, an event
 * file, the live Bybit streams): the event types of the event-file contract. {@code time} is the exchange's event
 * time (a bar: its close, when it became known), {@code recvTime} when Kairos received it (0 when unknown; feed
 * latency is {@code recvTime - time}). Prices and quantities are doubles: market data feeds indicators, it never
 * goes to the exchange. Sides are taker sides for trades and the liquidated position's side for liquidations.
 */
public sealed interface MarketEvent extends TimedEvent {

    String symbol();

    long recvTime();

    /**
     * Start of the stretch of market time the event describes: its own time, or a bar's open. A simulated venue
     * matches a bar's range only against orders live inside it, and the kernel's loop delivers what is due before
     * that start first.
     */
    default long dataStart() {
        return time();
    }

    /** A public trade; {@code side} is the taker's. */
    record Trade(String symbol, long time, long recvTime, double price, double qty, Side side) implements MarketEvent {
    }

    /**
     * An order-book snapshot (replaces the book) or delta (a quantity of 0 removes the level); levels are
     * {@code [price, qty]} pairs, best first.
     */
    record Book(String symbol, long time, long recvTime, boolean snapshot, double[][] bids, double[][] asks)
            implements MarketEvent {
    }

    /** A forced liquidation; {@code side} is the side of the liquidated position ({@code Buy}: a long). */
    record Liquidation(String symbol, long time, long recvTime, double price, double qty, Side side)
            implements MarketEvent {
    }

    /** A closed bar; known at its close, {@code bar.openTime() + timeframe}. */
    record BarClose(String symbol, Timeframe timeframe, Bar bar, long recvTime) implements MarketEvent {
        public BarClose(String symbol, Timeframe timeframe, Bar bar) {
            this(symbol, timeframe, bar, 0);
        }

        @Override
        public long time() {
            return bar.openTime() + timeframe.millis();
        }

        @Override
        public long dataStart() {
            return bar.openTime();
        }
    }

    /**
     * A funding rate: a {@code settlement} (positions pay or receive it at {@code time}) or the current, predicted
     * rate of the next settlement (Bybit's ticker). Positive: longs pay shorts.
     */
    record Funding(String symbol, long time, long recvTime, double rate, boolean settlement) implements MarketEvent {
        /** A stored settlement. */
        public static Funding settled(String symbol, FundingRate rate) {
            return new Funding(symbol, rate.time(), 0, rate.rate(), true);
        }

        public FundingRate asRate() {
            return new FundingRate(time, rate);
        }
    }

    /** Open interest of the contract, in contracts (base coin). */
    record OpenInterest(String symbol, long time, long recvTime, double value) implements MarketEvent {
    }

    /** Ratio of accounts long to accounts short. */
    record LongShortRatio(String symbol, long time, long recvTime, double value) implements MarketEvent {
    }

    /** The mark price (what liquidations and unrealised PnL use on the exchange). */
    record Mark(String symbol, long time, long recvTime, double price) implements MarketEvent {
    }

    /** The index price (spot reference of the contract). */
    record Index(String symbol, long time, long recvTime, double price) implements MarketEvent {
    }
}
