package kairos.engine.cep;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * Receives market data in event-time order, whatever its source: an event file ({@code cep test}), a recording
 * ({@code replay}), the live Bybit stream or ticks synthesised from bars. {@code ts} is the exchange's event
 * time in epoch ms, {@code recvTs} when it was received (0 when unknown). Sides are {@code Buy}/{@code Sell};
 * book levels are {@code [price, qty]} pairs.
 */
public interface TickListener {
    void onTrade(String symbol, long ts, long recvTs, double price, double qty, String side);

    void onBook(String symbol, long ts, long recvTs, boolean snapshot, double[][] bids, double[][] asks);

    void onLiquidation(String symbol, long ts, long recvTs, double price, double qty, String side);

    /** A closed bar; {@code bar.openTime()} is its open, it is known at open + timeframe. */
    void onBar(String symbol, Timeframe timeframe, Bar bar, long recvTs);

    void onFunding(String symbol, long ts, long recvTs, double rate);

    void onOpenInterest(String symbol, long ts, long recvTs, double value);

    void onLongShortRatio(String symbol, long ts, long recvTs, double value);

    void onMark(String symbol, long ts, long recvTs, double price);

    void onIndex(String symbol, long ts, long recvTs, double price);
}
