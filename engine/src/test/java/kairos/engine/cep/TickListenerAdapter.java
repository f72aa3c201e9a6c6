package kairos.engine.cep;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/** A {@link TickListener} that ignores everything; tests override what they watch. */
class TickListenerAdapter implements TickListener {
    public void onTrade(String symbol, long ts, long recvTs, double price, double qty, String side) {
    }

    public void onBook(String symbol, long ts, long recvTs, boolean snapshot, double[][] bids, double[][] asks) {
    }

    public void onLiquidation(String symbol, long ts, long recvTs, double price, double qty, String side) {
    }

    public void onBar(String symbol, Timeframe timeframe, Bar bar, long recvTs) {
    }

    public void onFunding(String symbol, long ts, long recvTs, double rate) {
    }

    public void onOpenInterest(String symbol, long ts, long recvTs, double value) {
    }

    public void onLongShortRatio(String symbol, long ts, long recvTs, double value) {
    }

    public void onMark(String symbol, long ts, long recvTs, double price) {
    }

    public void onIndex(String symbol, long ts, long recvTs, double price) {
    }
}
