package kairos.bybit.sim;

/** One candle as Bybit serves it: start time, OHLC, volume (base coin) and turnover (quote coin). */
record Kline(long start, double open, double high, double low, double close, double volume, double turnover) {

    Kline with(double price, double qty) {
        return new Kline(start, open, Math.max(high, price), Math.min(low, price), price, volume + qty, turnover + price * qty);
    }

    static Kline first(long start, double price, double qty) {
        return new Kline(start, price, price, price, price, qty, price * qty);
    }

    /** A minute without trades: flat at the previous close, no volume (Bybit still prints such a candle). */
    static Kline flat(long start, double close) {
        return new Kline(start, close, close, close, close, 0, 0);
    }

    Kline merge(Kline later) {
        return new Kline(start, open, Math.max(high, later.high), Math.min(low, later.low), later.close,
                volume + later.volume, turnover + later.turnover);
    }
}
