package kairos.bybit.websocket;

import kairos.engine.cep.TickListener;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/** Counts trades; ignores the rest. */
class BybitPublicMessagesListener implements TickListener {
    int trades;

    public void onTrade(String s, long ts, long recv, double p, double q, String side) {
        trades++;
    }
    public void onBook(String s, long ts, long recv, boolean snap, double[][] b, double[][] a) {
    }
    public void onLiquidation(String s, long ts, long recv, double p, double q, String side) {
    }
    public void onBar(String s, Timeframe tf, Bar bar, long recv) {
    }
    public void onFunding(String s, long ts, long recv, double rate) {
    }
    public void onOpenInterest(String s, long ts, long recv, double v) {
    }
    public void onLongShortRatio(String s, long ts, long recv, double v) {
    }
    public void onMark(String s, long ts, long recv, double p) {
    }
    public void onIndex(String s, long ts, long recv, double p) {
    }
}
