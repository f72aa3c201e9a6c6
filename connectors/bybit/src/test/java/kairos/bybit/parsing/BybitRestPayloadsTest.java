package kairos.bybit.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import kairos.bybit.Fixtures;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderStatus;
import kairos.engine.execution.OrderUpdate;
import kairos.engine.execution.PositionReport;
import kairos.engine.execution.WalletReport;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;

/** The documented REST answers (docs v5 order, position, account, user, market) as typed records and engine events. */
class BybitRestPayloadsTest {

    static JsonNode result(String fixture) {
        return BybitJson.tree(Fixtures.read(fixture), fixture).get("result");
    }

    static <T> List<T> list(String fixture, Class<T> type) {
        return BybitJson.list(result(fixture), "list", type, fixture, "result");
    }

    @Test
    void orderRealtime() {
        OrderUpdate u = list("v5_order_realtime.json", BybitOrder.class).getFirst().toUpdate("GET /v5/order/realtime");
        assertThat(u).isEqualTo(new OrderUpdate("test-000005", "ETHUSDT", OrderStatus.ACCEPTED, new BigDecimal("1600.00"),
                new BigDecimal("0.10"), new BigDecimal("0.00"), "", 1684738540561L, 1684738540561L));
    }

    @Test
    void orderHistory() {
        BybitOrder o = list("v5_order_history.json", BybitOrder.class).getFirst();
        assertThat(o.conditional()).isFalse();
        OrderUpdate u = o.toUpdate("GET /v5/order/history");
        assertThat(u.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(u.reason()).isEqualTo("EC_PostOnlyWillTakeLiquidity");
        assertThat(u.linkId()).isEqualTo("YLxaWKMiHU");
        assertThat(u.price()).isEqualByComparingTo("26864.40");
    }

    @Test
    void orderCreateAmendCancelAndCancelAll() {
        assertThat(BybitJson.convert(result("v5_order_create.json"), BybitOrderAck.class, "create", "result"))
                .isEqualTo(new BybitOrderAck("1321003749386327552", "spot-test-postonly"));
        assertThat(BybitJson.convert(result("v5_order_amend.json"), BybitOrderAck.class, "amend", "result").orderLinkId())
                .isEqualTo("linear-004");
        assertThat(BybitJson.convert(result("v5_order_cancel.json"), BybitOrderAck.class, "cancel", "result").orderId())
                .isEqualTo("c6f055d9-7f21-4079-913d-e6523a9cfffa");
        assertThat(list("v5_order_cancel_all.json", BybitOrderAck.class)).extracting(BybitOrderAck::orderLinkId)
                .containsExactly("1616024329462743809", "1616024287544869633");
    }

    @Test
    void executionList() {
        BybitExecution e = list("v5_execution_list.json", BybitExecution.class).getFirst();
        assertThat(e.kind()).isEqualTo(BybitExecution.Kind.FILL);
        assertThat(e.seq()).isEqualTo(4688002127L);
        assertThat(e.toFill("GET /v5/execution/list")).isEqualTo(new Fill("e0cbe81d-0f18-5866-9415-cf319b5dab3b",
                "orderId:8c065341-7b52-4ca9-ac2c-37e31ac55c94", "ETHPERP", Side.Buy, new BigDecimal("0.1"),
                new BigDecimal("1190.15"), 0.071409, false, 1672282722429L, null, null));
        assertThat(result("v5_execution_list.json").path("nextPageCursor").asText()).isEqualTo("132766%3A2%2C132766%3A2");
    }

    @Test
    void positionList() {
        BybitPosition p = list("v5_position_list.json", BybitPosition.class).getFirst();
        assertThat(p.positionIdx()).isZero();
        assertThat(p.toReport("GET /v5/position/list", 0)).isEqualTo(new PositionReport("BTCUSD",
                new BigDecimal("-300"), 27464.50441675, 1697673600012L));
    }

    @Test
    void walletBalance() {
        BybitWallet w = list("v5_account_wallet_balance.json", BybitWallet.class).getFirst();
        assertThat(w.accountType()).isEqualTo("UNIFIED");
        assertThat(w.coin()).extracting(BybitWallet.Coin::coin).containsExactly("BTC");
        assertThat(w.toReport("GET /v5/account/wallet-balance", 1690872862481L))
                .isEqualTo(new WalletReport(3.31216591, 3.00326056, 1690872862481L));
        assertThatThrownBy(() -> new BybitWallet("UNIFIED", null, BigDecimal.ONE, null, null, List.of()).toReport("w", 0))
                .hasMessage("w: wallet UNIFIED: field 'totalEquity' is missing or empty");
    }

    @Test
    void userQueryApiPermissions() {
        BybitApiKey key = BybitJson.convert(result("v5_user_query_api.json"), BybitApiKey.class, "GET /v5/user/query-api",
                "result");
        assertThat(key.toString()).doesNotContain("XXXXXXXX");   // the key itself is not kept
        assertThat(key.problems()).containsExactly(
                "the key is read-only (readOnly=1): it cannot place orders",
                "permission BitCard.BitCard can move funds (withdraw or transfer): remove it",
                "permission Earn.Earn can move funds (withdraw or transfer): remove it",
                "permission FiatBitPay.FaitPayOrder can move funds (withdraw or transfer): remove it",
                "permission FiatConvertBroker.FiatConvertBrokerOrder can move funds (withdraw or transfer): remove it",
                "permission FiatP2P.FiatP2POrder can move funds (withdraw or transfer): remove it",
                "permission FiatP2P.Advertising can move funds (withdraw or transfer): remove it",
                "permission Wallet.AccountTransfer can move funds (withdraw or transfer): remove it",
                "permission Wallet.SubMemberTransfer can move funds (withdraw or transfer): remove it");
        BybitApiKey tradingOnly = new BybitApiKey("1", "kairos", 0, java.util.Map.of("ContractTrade",
                List.of("Order", "Position"), "Wallet", List.of()), List.of("1.2.3.4"), 1, true, 30, "");
        assertThat(tradingOnly.problems()).isEmpty();
        BybitApiKey noTrade = new BybitApiKey("2", "", 0, java.util.Map.of("ContractTrade", List.of("Position")),
                List.of(), 1, true, 30, "");
        assertThat(noTrade.problems()).containsExactly(
                "permission ContractTrade.Order is missing: it cannot trade USDT perpetuals");
    }

    @Test
    void instrumentsInfo() {
        BybitInstrument i = list("v5_market_instruments_info.json", BybitInstrument.class).getFirst();
        assertThat(i.toInstrument("GET /v5/market/instruments-info")).isEqualTo(new Instrument("BTCUSDT",
                new BigDecimal("0.10"), new BigDecimal("0.001"), new BigDecimal("0.001"), new BigDecimal("5")));
        assertThat(i.trading()).isTrue();
        assertThat(i.fundingInterval()).isEqualTo(480);
        assertThat(i.leverageFilter().maxLeverage()).isEqualByComparingTo("100");
        assertThat(i.lotSizeFilter().maxMktOrderQty()).isEqualByComparingTo("500");
        assertThat(i.delistingInHours(1735809771618L)).isInfinite();
        BybitInstrument delisting = new BybitInstrument("XUSDT", "LinearPerpetual", "Trading", "X", "USDT", "USDT",
                0L, 1735809771618L + 36 * 3_600_000L, i.priceFilter(), i.lotSizeFilter(), null, 480);
        assertThat(delisting.delistingInHours(1735809771618L)).isEqualTo(36.0);
        BybitInstrument noNotional = new BybitInstrument("YUSDT", null, "Trading", null, null, null, null, null,
                i.priceFilter(), new BybitInstrument.LotSizeFilter(BigDecimal.ONE, null, BigDecimal.ONE, null, null),
                null, null);
        assertThatThrownBy(() -> noNotional.toInstrument("instruments"))
                .hasMessage("instruments: instrument YUSDT: field 'lotSizeFilter.minNotionalValue' is missing or empty");
    }

    @Test
    void serverTime() {
        BybitServerTime t = BybitJson.convert(result("v5_market_time.json"), BybitServerTime.class, "time", "result");
        assertThat(t.millis("time")).isEqualTo(1688639403423L);
        assertThat(new BybitServerTime(1688639403L, null).millis("time")).isEqualTo(1688639403000L);
        assertThatThrownBy(() -> new BybitServerTime(null, null).millis("GET /v5/market/time"))
                .hasMessage("GET /v5/market/time: field 'timeSecond' is missing or empty");
    }

    @Test
    void tickersAndAccountRatio() {
        BybitTicker t = list("v5_market_tickers.json", BybitTicker.class).getFirst();
        assertThat(t.markPrice()).isEqualByComparingTo("114898.43");
        assertThat(t.nextFundingTime()).isEqualTo(1760371200000L);
        assertThat(t.deliveryTime()).isZero();
        assertThat(t.fundingRate()).isEqualByComparingTo("0.0001");
        BybitAccountRatio r = list("v5_market_account_ratio.json", BybitAccountRatio.class).getFirst();
        assertThat(r.toEvent("ratio").value()).isEqualTo(0.49 / 0.51);
        assertThat(r.toEvent("ratio").time()).isEqualTo(1696262400000L);
        assertThatThrownBy(() -> new BybitAccountRatio("X", BigDecimal.ONE, BigDecimal.ZERO, 1L).toEvent("ratio"))
                .hasMessage("ratio: account ratio of X: sellRatio 0 must be > 0");
    }

    @Test
    void listsAndCellsAreNamedWhenMalformed() {
        JsonNode r = BybitJson.tree("{\"list\":{\"a\":1},\"n\":null}", "x");
        assertThatThrownBy(() -> BybitJson.list(r, "list", BybitOrder.class, "GET /x", "result"))
                .hasMessage("GET /x: result.list is {\"a\":1}, expected a list");
        assertThatThrownBy(() -> BybitJson.list(r, "n", BybitOrder.class, "GET /x", ""))
                .hasMessage("GET /x: n is missing, expected a list");
        assertThatThrownBy(() -> BybitJson.decimal(BybitJson.tree("\"\"", "x"), "GET /x", "list[0][1] (open)"))
                .hasMessage("GET /x: list[0][1] (open) is missing or empty, expected a decimal number");
        assertThatThrownBy(() -> BybitJson.decimal(BybitJson.tree("\"1.2.3\"", "x"), "GET /x", "list[0][1] (open)"))
                .hasMessage("GET /x: list[0][1] (open): '1.2.3' is not a decimal number");
        assertThatThrownBy(() -> BybitJson.millis(BybitJson.tree("\"x\"", "x"), "GET /x", "list[0][0]"))
                .hasMessage("GET /x: list[0][0]: 'x' is not epoch milliseconds");
        assertThatThrownBy(() -> BybitJson.tree("", "GET /x")).hasMessage("GET /x: empty body, expected JSON");
        assertThatThrownBy(() -> BybitJson.convert(null, BybitOrder.class, "GET /x", "result"))
                .hasMessage("GET /x: result is missing, expected an object");
    }

    @Property(tries = 200)
    void decimalsSentAsStringsOrNumbersReadExactly(@ForAll @BigRange(min = "-1000000", max = "1000000") @Scale(8)
                                                   BigDecimal value) {
        String asString = "{\"price\":\"" + value.toPlainString() + "\",\"qty\":" + value.toPlainString() + "}";
        BybitOrder o = BybitJson.convert(BybitJson.tree(asString, "p"), BybitOrder.class, "p", "o");
        assertThat(o.price()).isEqualByComparingTo(value);
        assertThat(o.qty()).isEqualByComparingTo(value);
    }

    @Property(tries = 100)
    void anythingElseIsAnErrorNamingTheField(@ForAll("garbage") String text) {
        String json = "{\"price\":\"" + text + "\"}";
        assertThatThrownBy(() -> BybitJson.convert(BybitJson.tree(json, "p"), BybitOrder.class, "GET /v5/order/realtime",
                "result.list[0]")).isInstanceOf(BybitPayloadException.class)
                .hasMessage("GET /v5/order/realtime: result.list[0].price: '" + text.strip() + "' is not a decimal number");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> garbage() {
        return net.jqwik.api.Arbitraries.strings().withChars("abcxyz,;#-+ ").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.isBlank()).filter(s -> {
                    try {
                        new BigDecimal(s.strip());
                        return false;
                    } catch (NumberFormatException e) {
                        return true;
                    }
                });
    }
}
