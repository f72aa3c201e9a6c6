package kairos.bybit.parsing;

import java.math.BigDecimal;

import kairos.engine.domain.MarketEvent;

/** Share of accounts long ({@code buyRatio}) and short ({@code sellRatio}) at a time ({@code /v5/market/account-ratio}). */
public record BybitAccountRatio(String symbol, BigDecimal buyRatio, BigDecimal sellRatio, Long timestamp) {

    /** The engine's long/short ratio: accounts long per account short. */
    public MarketEvent.LongShortRatio toEvent(String where) {
        String at = where + ": account ratio of " + symbol;
        BigDecimal sell = BybitJson.required(sellRatio, at, "sellRatio");
        if (sell.signum() <= 0) {
            throw new BybitPayloadException(at + ": sellRatio " + sell.toPlainString() + " must be > 0");
        }
        return new MarketEvent.LongShortRatio(BybitJson.required(symbol, where, "symbol"),
                BybitJson.required(timestamp, at, "timestamp"), 0,
                BybitJson.required(buyRatio, at, "buyRatio").doubleValue() / sell.doubleValue());
    }
}
