package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimMarketRestTest extends SimTestBase {
    private static final long M = 60_000;

    /** Ten 1m bars of history before T0, then trades each minute from T0. */
    private MarketTape tape() {
        List<Bar> history = new ArrayList<>();
        for (int i = 10; i >= 1; i--) {
            double p = 140 + (10 - i);
            history.add(new Bar(T0 - i * M, p, p + 0.5, p - 0.5, p + 0.25, 100));
        }
        List<MarketEvent> events = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            events.add(new MarketEvent.Trade(SOL, T0 + m * M + 1_000, 0, 150 + m, 2, Side.Buy));
            events.add(new MarketEvent.Trade(SOL, T0 + m * M + 30_000, 0, 150.5 + m, 1, Side.Sell));
            events.add(new MarketEvent.OpenInterest(SOL, T0 + m * M + 10_000, 0, 1_000 + m));
            events.add(new MarketEvent.LongShortRatio(SOL, T0 + m * M + 10_000, 0, 1.5));
        }
        return MarketTape.of(events).withHistory(SOL, history);
    }

    @Test
    void timeComesFromTheMarketClock() throws Exception {
        start(builder());
        SimClient.Reply r = client.publicGet("/v5/market/time", "");
        DocShapes.assertSameShape("v5_market_time.json", r.json());
        assertThat(r.result().path("timeSecond").asText()).isEqualTo(Long.toString(T0 / 1000));
        assertThat(r.result().path("timeNano").asText()).isEqualTo(T0 + "000000");
        assertThat(r.json().path("time").asLong()).isEqualTo(T0);
    }

    @Test
    void instrumentsInfoListsTheContractsTheirFiltersAndADelisting() throws Exception {
        long delist = T0 + 86_400_000L;
        start(builder().instrument(SimInstrument.known(SOL).delistedAt(delist)).instrument(SimInstrument.known("BTCUSDT")));
        SimClient.Reply r = client.publicGet("/v5/market/instruments-info", "category=linear&symbol=SOLUSDT");
        DocShapes.assertSameShape("v5_market_instruments_info.json", r.json());
        JsonNode sol = r.result().path("list").get(0);
        assertThat(sol.path("priceFilter").path("tickSize").asText()).isEqualTo("0.01");
        assertThat(sol.path("lotSizeFilter").path("qtyStep").asText()).isEqualTo("0.1");
        assertThat(sol.path("lotSizeFilter").path("minOrderQty").asText()).isEqualTo("0.1");
        assertThat(sol.path("lotSizeFilter").path("minNotionalValue").asText()).isEqualTo("5");
        assertThat(sol.path("deliveryTime").asText()).isEqualTo(Long.toString(delist));
        assertThat(sol.path("status").asText()).isEqualTo("Trading");
        SimClient.Reply page1 = client.publicGet("/v5/market/instruments-info", "category=linear&limit=1");
        assertThat(page1.result().path("list")).hasSize(1);
        String cursor = page1.result().path("nextPageCursor").asText();
        SimClient.Reply page2 = client.publicGet("/v5/market/instruments-info", "category=linear&limit=1&cursor=" + cursor);
        assertThat(page2.result().path("list").get(0).path("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(page2.result().path("nextPageCursor").asText()).isEmpty();
        sim.advanceTo(delist);
        assertThat(client.publicGet("/v5/market/instruments-info", "category=linear").result().path("list")).hasSize(1);
        assertThat(client.publicGet("/v5/market/instruments-info", "category=linear&status=Closed").result().path("list").get(0)
                .path("symbol").asText()).isEqualTo(SOL);
        assertThat(client.publicGet("/v5/market/instruments-info", "category=spot").retCode()).isEqualTo(10001);
        assertThat(client.publicGet("/v5/market/instruments-info", "category=linear&cursor=junk").retMsg()).contains("cursor");
        assertThat(client.publicGet("/v5/market/instruments-info", "category=linear&limit=0").retMsg()).contains("limit");
    }

    @Test
    void klinesAreNewestFirstIncludeTheOpenCandleAndPageByStartAndEnd() throws Exception {
        start(builder().tape(tape()));
        sim.advanceTo(T0 + 2 * M + 40_000);
        SimClient.Reply r = client.publicGet("/v5/market/kline", "category=linear&symbol=SOLUSDT&interval=1&limit=4");
        DocShapes.assertSameShape("v5_market_kline.json", r.json());
        JsonNode list = r.result().path("list");
        assertThat(list).hasSize(4);
        assertThat(list.get(0).get(0).asText()).as("the open candle first").isEqualTo(Long.toString(T0 + 2 * M));
        assertThat(list.get(0).get(1).asText()).isEqualTo("152.00");
        assertThat(list.get(0).get(4).asText()).isEqualTo("152.50");
        assertThat(list.get(0).get(5).asText()).isEqualTo("3");
        assertThat(list.get(3).get(0).asText()).as("history").isEqualTo(Long.toString(T0 - M));
        SimClient.Reply fromStart = client.publicGet("/v5/market/kline",
                "symbol=SOLUSDT&interval=1&limit=3&start=" + (T0 - 10 * M));
        assertThat(fromStart.result().path("list")).extracting(k -> k.get(0).asLong())
                .containsExactly(T0 - 8 * M, T0 - 9 * M, T0 - 10 * M);
        SimClient.Reply window = client.publicGet("/v5/market/kline",
                "category=linear&symbol=SOLUSDT&interval=1&limit=2&start=" + (T0 - 10 * M) + "&end=" + (T0 - 5 * M));
        assertThat(window.result().path("list")).extracting(k -> k.get(0).asLong()).containsExactly(T0 - 5 * M, T0 - 6 * M);
        SimClient.Reply five = client.publicGet("/v5/market/kline", "category=linear&symbol=SOLUSDT&interval=5&limit=1");
        JsonNode bar = five.result().path("list").get(0);
        assertThat(bar.get(0).asLong()).isEqualTo(T0);
        assertThat(bar.get(2).asText()).as("high of the open 5m candle").isEqualTo("152.50");
        assertThat(client.publicGet("/v5/market/kline", "category=linear&symbol=SOLUSDT&interval=W").retMsg()).contains("W and M");
        assertThat(client.publicGet("/v5/market/kline", "category=linear&interval=1").retMsg()).contains("symbol is required");
        assertThat(client.publicGet("/v5/market/kline", "category=linear&symbol=SOLUSDT&interval=1&start=x").retMsg()).contains("start");
    }

    @Test
    void fundingHistoryServesSettlementsUpToNow() throws Exception {
        long f = 8 * 3_600_000L;
        MarketTape t = MarketTape.fromBars(SOL, List.of(new Bar(T0 - M, 150, 150, 150, 150, 1), new Bar(T0 + f, 150, 151, 149, 150, 10)),
                List.of(new FundingRate(T0 - f, 0.0003), new FundingRate(T0, 0.0002), new FundingRate(T0 + f, -0.0001)), T0, 1, 4);
        start(builder().tape(t));
        SimClient.Reply r = client.publicGet("/v5/market/funding/history", "category=linear&symbol=SOLUSDT");
        DocShapes.assertSameShape("v5_market_funding_history.json", r.json());
        assertThat(r.result().path("list")).extracting(n -> n.path("fundingRate").asText()).containsExactly("0.0003");
        sim.advanceTo(T0 + f + 10 * M);
        SimClient.Reply later = client.publicGet("/v5/market/funding/history", "category=linear&symbol=SOLUSDT&limit=2");
        assertThat(later.result().path("list")).extracting(n -> n.path("fundingRateTimestamp").asLong()).containsExactly(T0 + f, T0);
        SimClient.Reply ranged = client.publicGet("/v5/market/funding/history",
                "category=linear&symbol=SOLUSDT&startTime=" + (T0 - f) + "&endTime=" + T0);
        assertThat(ranged.result().path("list")).hasSize(2);
        assertThat(client.publicGet("/v5/market/funding/history", "category=linear&symbol=SOLUSDT&startTime=1").retMsg())
                .contains("only startTime");
    }

    @Test
    void openInterestAndAccountRatioAreSampledAtPeriodBoundaries() throws Exception {
        start(builder().tape(tape()));
        sim.advanceTo(T0 + 4 * M + 50_000);
        SimClient.Reply oi = client.publicGet("/v5/market/open-interest", "category=linear&symbol=SOLUSDT&intervalTime=5min");
        DocShapes.assertSameShape("v5_market_open_interest.json", oi.json());
        assertThat(oi.result().path("list").get(0).path("openInterest").asText()).isEqualTo("1000");
        SimClient.Reply ratio = client.publicGet("/v5/market/account-ratio", "category=linear&symbol=SOLUSDT&period=5min&limit=5");
        DocShapes.assertSameShape("v5_market_account_ratio.json", ratio.json());
        assertThat(ratio.result().path("list").get(0).path("buyRatio").asText()).isEqualTo("0.6");
        assertThat(ratio.result().path("list").get(0).path("sellRatio").asText()).isEqualTo("0.4");
        sim.advanceTo(T0 + 20 * M);
        SimClient.Reply page = client.publicGet("/v5/market/open-interest", "category=linear&symbol=SOLUSDT&intervalTime=5min&limit=2");
        assertThat(page.result().path("list")).hasSize(2);
        assertThat(page.result().path("list").get(0).path("timestamp").asLong()).isEqualTo(T0 + 20 * M);
        assertThat(page.result().path("list").get(0).path("openInterest").asText()).isEqualTo("1004");
        String next = page.result().path("nextPageCursor").asText();
        SimClient.Reply rest = client.publicGet("/v5/market/open-interest",
                "category=linear&symbol=SOLUSDT&intervalTime=5min&limit=2&cursor=" + next);
        assertThat(rest.result().path("list")).extracting(n -> n.path("timestamp").asLong()).containsExactly(T0 + 10 * M, T0 + 5 * M);
        assertThat(client.publicGet("/v5/market/open-interest", "category=linear&symbol=SOLUSDT&intervalTime=2h").retMsg()).contains("intervalTime");
        assertThat(client.publicGet("/v5/market/account-ratio", "category=linear&symbol=SOLUSDT&period=2h").retMsg()).contains("period");
    }

    @Test
    void tickersOrderbookAndRecentTradesDescribeTheMarketNow() throws Exception {
        start(builder().tape(tape()));
        sim.advanceTo(T0 + 31_000);
        SimClient.Reply t = client.publicGet("/v5/market/tickers", "category=linear&symbol=SOLUSDT");
        DocShapes.assertSameShape("v5_market_tickers.json", t.json());
        JsonNode ticker = t.result().path("list").get(0);
        assertThat(ticker.path("lastPrice").asText()).isEqualTo("150.50");
        assertThat(ticker.path("markPrice").asText()).isEqualTo("150.50");
        assertThat(ticker.path("openInterest").asText()).isEqualTo("1000");
        assertThat(ticker.path("volume24h").asText()).isEqualTo("1003");
        assertThat(ticker.path("prevPrice24h").asText()).as("the oldest candle of the day").isEqualTo("140.00");
        assertThat(client.publicGet("/v5/market/tickers", "category=linear").result().path("list")).hasSize(1);
        SimClient.Reply trades = client.publicGet("/v5/market/recent-trade", "category=linear&symbol=SOLUSDT&limit=1");
        DocShapes.assertSameShape("v5_market_recent_trade.json", trades.json());
        assertThat(trades.result().path("list").get(0).path("price").asText()).isEqualTo("150.50");
        assertThat(trades.result().path("list").get(0).path("side").asText()).isEqualTo("Sell");
        SimClient.Reply book = client.publicGet("/v5/market/orderbook", "category=linear&symbol=SOLUSDT&limit=2");
        assertThat(book.result().path("b")).hasSize(2);
        assertThat(book.result().path("a").get(0).get(0).asText()).isEqualTo("150.51");
    }
}
