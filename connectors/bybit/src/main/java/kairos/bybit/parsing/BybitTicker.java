package kairos.bybit.parsing;

import java.math.BigDecimal;

/** A contract's ticker ({@code /v5/market/tickers}, category {@code linear}). */
public record BybitTicker(String symbol, BigDecimal lastPrice, BigDecimal markPrice, BigDecimal indexPrice,
                          BigDecimal bid1Price, BigDecimal bid1Size, BigDecimal ask1Price, BigDecimal ask1Size,
                          BigDecimal prevPrice24h, BigDecimal price24hPcnt, BigDecimal highPrice24h,
                          BigDecimal lowPrice24h, BigDecimal volume24h, BigDecimal turnover24h,
                          BigDecimal openInterest, BigDecimal openInterestValue, BigDecimal fundingRate,
                          Long nextFundingTime, Long deliveryTime) {
}
