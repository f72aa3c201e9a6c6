package kairos.bybit.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import kairos.bybit.Fixtures;
import kairos.bybit.TestClock;
import kairos.bybit.parsing.BybitAccountRatio;
import kairos.bybit.parsing.BybitPayloadException;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;

/** The typed market and trading calls against a local stand-in serving the documented answers. */
class BybitApisTest {
    WireMockServer server;
    TestClock clock = new TestClock(1_700_000_000_000L);
    BybitMarketApi market;
    BybitTradeApi trade;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        BybitRestClient rest = new BybitRestClient(BybitRestClient.Settings.defaults(URI.create(server.baseUrl()))
                .withRetries(2, Duration.ofMillis(1)), BybitRestClientTest.CREDENTIALS, clock, clock::sleep);
        market = new BybitMarketApi(rest);
        trade = new BybitTradeApi(rest);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void klinesOfTheDocumentedAnswerAscending() {
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).willReturn(okJson(Fixtures.read("v5_market_kline.json"))));
        List<Bar> bars = market.klines("BTCUSD", Timeframe.H1, 1670601600000L, 1670608800001L);
        assertThat(bars).containsExactly(new Bar(1670601600000L, 17086.5, 17088, 16978, 17071.5, 6356),
                new Bar(1670605200000L, 17071.5, 17071.5, 17061, 17071, 4177),
                new Bar(1670608800000L, 17071, 17073, 17027, 17055.5, 268611));
        server.verify(getRequestedFor(urlPathEqualTo("/v5/market/kline")).withQueryParam("interval", equalTo("60"))
                .withQueryParam("category", equalTo("linear")).withQueryParam("end", equalTo("1670608800000")));
    }

    @Test
    void klinesArePagedBackFromTheEnd() {
        long from = 0;
        long to = 1500 * 60_000L;
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).withQueryParam("end", equalTo(Long.toString(to - 1)))
                .willReturn(okJson(klinePage(500, 1499))));
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).withQueryParam("end", equalTo(Long.toString(500 * 60_000L - 1)))
                .willReturn(okJson(klinePage(0, 499))));
        List<Bar> bars = market.klines("SOLUSDT", Timeframe.M1, from, to);
        assertThat(bars).hasSize(1500);
        assertThat(bars.getFirst().openTime()).isZero();
        assertThat(bars.getLast().openTime()).isEqualTo(1499 * 60_000L);
        server.verify(2, getRequestedFor(urlPathEqualTo("/v5/market/kline")));
        assertThatThrownBy(() -> market.klines("SOLUSDT", Timeframe.H8, 0, 1)).hasMessageContaining("no 8h kline interval");
    }

    /** Minutes {@code first..last}, newest first, as Bybit lists them. */
    static String klinePage(int first, int last) {
        StringBuilder sb = new StringBuilder("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"list\":[");
        for (int m = last; m >= first; m--) {
            sb.append(m == last ? "" : ",").append("[\"").append(m * 60_000L).append("\",\"1\",\"2\",\"0.5\",\"1.5\",\"10\",\"15\"]");
        }
        return Fixtures.ok(sb.append("]}").toString());
    }

    @Test
    void aMalformedCandleIsNamed() {
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).willReturn(okJson(Fixtures.ok(
                "{\"list\":[[\"1\",\"1\",\"2\",\"x\",\"1\",\"1\",\"1\"]]}"))));
        assertThatThrownBy(() -> market.klines("SOLUSDT", Timeframe.M1, 0, 10))
                .isInstanceOf(BybitPayloadException.class)
                .hasMessage("GET /v5/market/kline: result.list[0][3] (low): 'x' is not a decimal number");
    }

    @Test
    void fundingHistory() {
        server.stubFor(get(urlPathEqualTo("/v5/market/funding/history"))
                .willReturn(okJson(Fixtures.read("v5_market_funding_history.json"))));
        List<FundingRate> rates = market.fundingHistory("SOLUSDT", 0, Long.MAX_VALUE);
        assertThat(rates).isNotEmpty().isSortedAccordingTo(java.util.Comparator.comparingLong(FundingRate::time));
        server.verify(getRequestedFor(urlPathEqualTo("/v5/market/funding/history")).withQueryParam("limit", equalTo("200")));
    }

    @Test
    void openInterestFollowsTheCursor() {
        server.stubFor(get(urlPathEqualTo("/v5/market/open-interest")).withQueryParam("cursor", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson(Fixtures.read("v5_market_open_interest.json"))));
        server.stubFor(get(urlPathEqualTo("/v5/market/open-interest"))
                .withQueryParam("cursor", equalTo("lastid=19408935&lasttime=1780617600"))
                .willReturn(okJson(Fixtures.ok("{\"list\":[{\"openInterest\":\"1.5\",\"timestamp\":\"1780531200000\"}],"
                        + "\"nextPageCursor\":\"\"}"))));
        List<MarketEvent.OpenInterest> oi = market.openInterest("BTCUSD", "1d", 1780000000000L, 1781000000000L);
        assertThat(oi).hasSize(6);   // the five documented days and the one of the second page
        assertThat(oi.getFirst()).isEqualTo(new MarketEvent.OpenInterest("BTCUSD", 1780531200000L, 0, 1.5));
        assertThat(oi.getLast().value()).isEqualTo(63910691.0);
        server.verify(2, getRequestedFor(urlPathEqualTo("/v5/market/open-interest")));
    }

    @Test
    void accountRatioTickersAndInstruments() {
        server.stubFor(get(urlPathEqualTo("/v5/market/account-ratio")).willReturn(okJson(Fixtures.read("v5_market_account_ratio.json"))
                .withHeader("X-Bapi-Limit-Status", "100")));
        server.stubFor(get(urlPathEqualTo("/v5/market/account-ratio")).withQueryParam("cursor", equalTo("lastid=0&lasttime=1696258800"))
                .willReturn(okJson(Fixtures.ok("{\"list\":[],\"nextPageCursor\":\"\"}"))));
        List<BybitAccountRatio> ratios = market.accountRatio("BTCUSDT", "1h", 1696089600000L, 1696262400001L);
        assertThat(ratios).extracting(BybitAccountRatio::timestamp).containsExactly(1696258800000L, 1696262400000L);

        server.stubFor(get(urlPathEqualTo("/v5/market/tickers")).willReturn(okJson(Fixtures.read("v5_market_tickers.json"))));
        assertThat(market.tickers("BTCUSD")).singleElement().satisfies(t -> assertThat(t.lastPrice()).isEqualByComparingTo("120635.50"));

        server.stubFor(get(urlPathEqualTo("/v5/market/instruments-info")).willReturn(okJson(Fixtures.read("v5_market_instruments_info.json"))));
        assertThat(market.instruments(List.of("BTCUSDT")).get("BTCUSDT").toInstrument("i").tickSize()).isEqualByComparingTo("0.1");
        assertThatThrownBy(() -> market.instruments(List.of("NOPEUSDT")))
                .hasMessage("symbol NOPEUSDT is not a USDT perpetual (linear) instrument on Bybit");
    }

    @Test
    void findOrderLooksInRealtimeThenHistory() {
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(okJson(Fixtures.ok("{\"list\":[]}"))));
        server.stubFor(get(urlPathEqualTo("/v5/order/history")).willReturn(okJson(Fixtures.read("v5_order_history.json"))));
        assertThat(trade.findOrder("BTCUSDT", "YLxaWKMiHU")).hasValueSatisfying(o -> assertThat(o.orderStatus()).isEqualTo("Cancelled"));
        assertThat(trade.findOrder("BTCUSDT", "other")).isEmpty();
        server.verify(getRequestedFor(urlPathEqualTo("/v5/order/history")).withQueryParam("orderLinkId", equalTo("other")));
    }

    @Test
    void openOrdersExecutionsAndPositionsOfTheAccount() {
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).willReturn(okJson(Fixtures.read("v5_order_realtime.json"))));
        server.stubFor(get(urlPathEqualTo("/v5/order/realtime")).withQueryParam("cursor", equalTo("page_args=fd4300ae-7847-404e-b947-b46980a4d140&symbol=6&"))
                .willReturn(okJson(Fixtures.ok("{\"list\":[],\"nextPageCursor\":\"\"}"))));
        assertThat(trade.openOrders()).hasSize(1);
        server.verify(getRequestedFor(urlPathEqualTo("/v5/order/realtime")).withQueryParam("settleCoin", equalTo("USDT")));

        server.stubFor(get(urlPathEqualTo("/v5/execution/list")).willReturn(okJson(Fixtures.ok("{\"list\":[],\"nextPageCursor\":\"\"}"))));
        long day = 24 * 3600 * 1000L;
        assertThat(trade.executionsBetween(0, 15 * day)).isEmpty();
        server.verify(3, getRequestedFor(urlPathEqualTo("/v5/execution/list")));   // three 7-day windows
        server.verify(getRequestedFor(urlPathEqualTo("/v5/execution/list")).withQueryParam("startTime", equalTo(Long.toString(14 * day)))
                .withQueryParam("endTime", equalTo(Long.toString(15 * day))));
        assertThat(trade.executions("ETHPERP", "k1")).isEmpty();

        server.stubFor(get(urlPathEqualTo("/v5/position/list")).willReturn(okJson(Fixtures.read("v5_position_list.json"))));
        BybitTradeApi.Positions p = trade.positions();
        assertThat(p.time()).isEqualTo(1697684980172L);
        assertThat(p.list()).singleElement().satisfies(x -> assertThat(x.symbol()).isEqualTo("BTCUSD"));

        server.stubFor(get(urlPathEqualTo("/v5/account/wallet-balance")).willReturn(okJson(Fixtures.read("v5_account_wallet_balance.json"))));
        assertThat(trade.wallet().totalEquity()).isEqualByComparingTo("3.31216591");
        server.stubFor(get(urlPathEqualTo("/v5/account/wallet-balance")).willReturn(okJson(Fixtures.ok("{\"list\":[]}"))));
        assertThatThrownBy(() -> trade.wallet()).hasMessageContaining("result.list[0]");
    }

    @Test
    void aKeyThatCanTransferIsRefusedNamingThePermission() {
        server.stubFor(get(urlPathEqualTo("/v5/user/query-api")).willReturn(okJson(Fixtures.read("v5_user_query_api.json"))));
        assertThatThrownBy(() -> trade.checkKeyPermissions())
                .isInstanceOfSatisfying(UnsafeApiKeyException.class, e -> assertThat(e.problems()).hasSize(9))
                .hasMessageContaining("permission Wallet.AccountTransfer can move funds")
                .hasMessageContaining("read-only");
        server.stubFor(get(urlPathEqualTo("/v5/user/query-api")).willReturn(okJson(Fixtures.ok(
                "{\"id\":\"1\",\"readOnly\":0,\"permissions\":{\"ContractTrade\":[\"Order\",\"Position\"],\"Wallet\":[]},"
                        + "\"ips\":[\"1.2.3.4\"],\"uta\":1,\"isMaster\":false}"))));
        assertThat(trade.checkKeyPermissions().ips()).containsExactly("1.2.3.4");
    }

    @Test
    void positionModeAndLeverageAreIdempotent() {
        server.stubFor(post("/v5/position/switch-mode").willReturn(okJson(Fixtures.read("v5_position_switch_mode.json"))));
        server.stubFor(post("/v5/position/set-leverage").willReturn(okJson(Fixtures.read("v5_position_set_leverage.json"))));
        assertThat(trade.useOneWayMode("SOLUSDT")).isTrue();
        assertThat(trade.setLeverage("SOLUSDT", new BigDecimal("3"))).isTrue();
        server.verify(postRequestedFor(urlPathEqualTo("/v5/position/switch-mode"))
                .withRequestBody(equalTo("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"mode\":0}")));
        server.verify(postRequestedFor(urlPathEqualTo("/v5/position/set-leverage"))
                .withRequestBody(equalTo("{\"category\":\"linear\",\"symbol\":\"SOLUSDT\",\"buyLeverage\":\"3\",\"sellLeverage\":\"3\"}")));
        server.stubFor(post("/v5/position/switch-mode").willReturn(okJson(Fixtures.error(110025, "Position mode is not modified"))));
        server.stubFor(post("/v5/position/set-leverage").willReturn(okJson(Fixtures.error(110043, "Set leverage not modified"))));
        assertThat(trade.useOneWayMode("SOLUSDT")).isFalse();
        assertThat(trade.setLeverage("SOLUSDT", new BigDecimal("3"))).isFalse();
        server.stubFor(post("/v5/position/set-leverage").willReturn(okJson(Fixtures.error(110013, "Cannot set leverage due to risk limit level"))));
        assertThatThrownBy(() -> trade.setLeverage("SOLUSDT", new BigDecimal("100")))
                .hasMessage("POST /v5/position/set-leverage: retCode 110013 (Cannot set leverage due to risk limit level)");
    }

    @Test
    void cancelAllListsWhatItCancelled() {
        server.stubFor(post("/v5/order/cancel-all").willReturn(okJson(Fixtures.read("v5_order_cancel_all.json"))));
        assertThat(trade.cancelAll("BTCUSDT")).hasSize(2);
        server.verify(postRequestedFor(urlPathEqualTo("/v5/order/cancel-all"))
                .withRequestBody(equalTo("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\"}")));
    }
}
