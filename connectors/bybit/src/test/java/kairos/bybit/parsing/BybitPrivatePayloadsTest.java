package kairos.bybit.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import kairos.bybit.Fixtures;
import kairos.engine.domain.Side;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.OrderStatus;
import kairos.engine.execution.OrderUpdate;
import kairos.engine.execution.PositionReport;
import kairos.engine.execution.VenueEvent;
import kairos.engine.execution.WalletReport;

/** The private topics' documented payloads (websocket/private/*) as the engine's venue events. */
class BybitPrivatePayloadsTest {
    final List<VenueEvent> events = new ArrayList<>();
    final List<FundingCashFlow> funding = new ArrayList<>();
    final BybitPrivateMessages.Sink sink = new BybitPrivateMessages.Sink() {
        @Override
        public void event(VenueEvent event) {
            events.add(event);
        }

        @Override
        public void funding(FundingCashFlow f) {
            funding.add(f);
        }
    };

    @Test
    void orderTopic() {
        String text = Fixtures.read("ws_private_order.json");
        assertThat(new BybitPrivateMessages(null).parse(text, sink)).isEqualTo(BybitPrivateMessages.Kind.ORDER);
        // the documented order is an option's, placed without an orderLinkId, a filled market order
        assertThat(events).containsExactly(new OrderUpdate("orderId:5cf98598-39a7-459e-97bf-76ca765ee020",
                "ETH-30DEC22-1400-C", OrderStatus.FILLED, null, new BigDecimal("1"), new BigDecimal("1"), "",
                1672364262457L, 1672364262457L));
        events.clear();
        assertThat(new BybitPrivateMessages("linear").parse(text, sink)).isEqualTo(BybitPrivateMessages.Kind.ORDER);
        assertThat(events).as("another category's order is not the contract's").isEmpty();
    }

    @Test
    void conditionalOrderStatesAreAcceptedUntilTheyTriggerAndCancelledWhenDeactivated() {
        String base = Fixtures.read("ws_private_order.json").replace("\"category\": \"option\"", "\"category\": \"linear\"")
                .replace("\"triggerPrice\": \"\"", "\"triggerPrice\": \"70.5\"").replace("\"orderLinkId\": \"\"",
                        "\"orderLinkId\": \"k-stop-1\"");
        BybitPrivateMessages parser = new BybitPrivateMessages("linear");
        for (String status : List.of("Untriggered", "Triggered", "Deactivated", "New", "PartiallyFilled", "Rejected",
                "PartiallyFilledCanceled", "Cancelled", "Created", "Active")) {
            parser.parse(base.replace("\"orderStatus\": \"Filled\"", "\"orderStatus\": \"" + status + "\""), sink);
        }
        assertThat(events).extracting(e -> ((OrderUpdate) e).status()).containsExactly(OrderStatus.ACCEPTED,
                OrderStatus.ACCEPTED, OrderStatus.CANCELLED, OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED,
                OrderStatus.REJECTED, OrderStatus.CANCELLED, OrderStatus.CANCELLED, OrderStatus.ACCEPTED,
                OrderStatus.ACCEPTED);
        OrderUpdate untriggered = (OrderUpdate) events.getFirst();
        assertThat(untriggered.linkId()).isEqualTo("k-stop-1");
        assertThat(untriggered.price()).as("a conditional order's price is its trigger").isEqualByComparingTo("70.5");
        assertThat(untriggered.reason()).isEqualTo("Untriggered");
        assertThat(((OrderUpdate) events.get(2)).reason()).isEqualTo("Deactivated");

        assertThatThrownBy(() -> parser.parse(base.replace("\"orderStatus\": \"Filled\"", "\"orderStatus\": \"Sleeping\""), sink))
                .isInstanceOf(BybitPayloadException.class)
                .hasMessage("private topic order: order k-stop-1: orderStatus 'Sleeping' is not a Bybit V5 order status");
    }

    @Test
    void executionTopicIsAFill() {
        new BybitPrivateMessages("linear").parse(Fixtures.read("ws_private_execution.json"), sink);
        assertThat(events).containsExactly(new Fill("0ab1bdf7-4219-438b-b30a-32ec863018f7",
                "orderId:9aac161b-8ed6-450d-9cab-c5cc67c21784", "BTCUSDT", Side.Sell, new BigDecimal("0.5"),
                new BigDecimal("95900.1"), 26.3725275, false, 1746270400353L, null, null));
        assertThat(funding).isEmpty();
    }

    @Test
    void aFundingExecutionIsACashFlowNotAFill() {
        String text = Fixtures.read("ws_private_execution.json").replace("\"execType\": \"Trade\"", "\"execType\": \"Funding\"")
                .replace("\"feeRate\": \"0.00055\"", "\"feeRate\": \"-0.0001\"")
                .replace("\"execFee\": \"26.3725275\"", "\"execFee\": \"-4.795\"");
        assertThat(new BybitPrivateMessages("linear").parse(text, sink)).isEqualTo(BybitPrivateMessages.Kind.EXECUTION);
        assertThat(events).isEmpty();
        assertThat(funding).containsExactly(new FundingCashFlow("0ab1bdf7-4219-438b-b30a-32ec863018f7", "BTCUSDT",
                Side.Sell, new BigDecimal("0.5"), new BigDecimal("-0.0001"), new BigDecimal("-4.795"), 1746270400353L));
    }

    @Test
    void forcedExecutionsAreLiquidationFillsAndSettlementsAreNeither() {
        String text = Fixtures.read("ws_private_execution.json");
        BybitPrivateMessages parser = new BybitPrivateMessages("linear");
        parser.parse(text.replace("\"execType\": \"Trade\"", "\"execType\": \"BustTrade\""), sink);
        parser.parse(text.replace("\"execType\": \"Trade\"", "\"execType\": \"AdlTrade\""), sink);
        parser.parse(text.replace("\"execType\": \"Trade\"", "\"execType\": \"Delivery\""), sink);
        parser.parse(text.replace("\"execType\": \"Trade\"", "\"execType\": \"Settle\""), sink);
        assertThat(events).extracting(e -> ((Fill) e).purpose()).containsOnly(OrderPurpose.LIQUIDATION);
        assertThat(events).extracting(e -> ((Fill) e).reason()).containsExactly("liquidation", "adl", "delivery");
        assertThat(funding).isEmpty();
    }

    @Test
    void positionTopic() {
        new BybitPrivateMessages("linear").parse(Fixtures.read("ws_private_position.json"), sink);
        assertThat(events).containsExactly(new PositionReport("BTCUSDT", BigDecimal.ZERO, 0.0, 1697682317038L));
        events.clear();
        String longPosition = Fixtures.read("ws_private_position.json").replace("\"side\": \"\"", "\"side\": \"Buy\"")
                .replace("\"size\": \"0\"", "\"size\": \"1.5\"").replace("\"entryPrice\": \"0\"", "\"entryPrice\": \"28000.5\"");
        new BybitPrivateMessages("linear").parse(longPosition, sink);
        assertThat(events).containsExactly(new PositionReport("BTCUSDT", new BigDecimal("1.5"), 28000.5, 1697682317038L));
        assertThatThrownBy(() -> new BybitPrivateMessages("linear").parse(Fixtures.read("ws_private_position.json")
                .replace("\"size\": \"0\"", "\"size\": \"2\""), sink))
                .hasMessage("private topic position: position BTCUSDT: size 2 without a side");
    }

    @Test
    void walletTopic() {
        assertThat(new BybitPrivateMessages("linear").parse(Fixtures.read("ws_private_wallet.json"), sink))
                .isEqualTo(BybitPrivateMessages.Kind.WALLET);
        assertThat(events).containsExactly(new WalletReport(10262.91335023, 9684.46297164, 1700034722104L));
    }

    @Test
    void operationRepliesAreControlAndOtherTopicsAreIgnored() {
        BybitPrivateMessages parser = new BybitPrivateMessages("linear");
        assertThat(parser.parse(Fixtures.read("ws_private_auth.json"), sink)).isEqualTo(BybitPrivateMessages.Kind.CONTROL);
        assertThat(parser.parse("{\"topic\":\"greeks\",\"data\":[{}]}", sink)).isEqualTo(BybitPrivateMessages.Kind.IGNORED);
        assertThat(parser.parse("{\"topic\":\"execution.fast\",\"data\":[{}]}", sink)).isEqualTo(BybitPrivateMessages.Kind.IGNORED);
        assertThat(parser.parse("{\"topic\":\"order\"}", sink)).isEqualTo(BybitPrivateMessages.Kind.IGNORED);
        assertThat(events).isEmpty();
        assertThatThrownBy(() -> parser.parse("[1]", sink)).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> parser.parse("{oops", sink)).isInstanceOf(BybitPayloadException.class)
                .hasMessageStartingWith("private stream: not valid JSON");
    }

    @Test
    void numbersAreStrict() {
        String order = Fixtures.read("ws_private_order.json");
        BybitPrivateMessages parser = new BybitPrivateMessages(null);
        assertThatThrownBy(() -> parser.parse(order.replace("\"qty\": \"1\"", "\"qty\": \"1,5\""), sink))
                .isInstanceOf(BybitPayloadException.class)
                .hasMessage("private topic order: data[0].qty: '1,5' is not a decimal number");
        assertThatThrownBy(() -> parser.parse(order.replace("\"qty\": \"1\"", "\"qty\": \"\""), sink))
                .hasMessage("private topic order: order orderId:5cf98598-39a7-459e-97bf-76ca765ee020: field 'qty' is missing or empty");
        assertThatThrownBy(() -> parser.parse(order.replace("\"updatedTime\": \"1672364262457\"", "\"updatedTime\": \"soon\""), sink))
                .hasMessage("private topic order: data[0].updatedTime: 'soon' is not an integer");
        assertThatThrownBy(() -> parser.parse(order.replace("\"qty\": \"1\"", "\"qty\": [1]"), sink))
                .hasMessageStartingWith("private topic order: data[0].qty: ");
        String exec = Fixtures.read("ws_private_execution.json");
        assertThatThrownBy(() -> parser.parse(exec.replace("\"execPrice\": \"95900.1\"", "\"execPrice\": \"0\""), sink))
                .hasMessageContaining("execPrice 0 must be > 0 for a fill");
        assertThatThrownBy(() -> parser.parse(exec.replace("\"side\": \"Sell\"", "\"side\": \"Short\""), sink))
                .hasMessageContaining("side 'Short' is not Buy or Sell");
        assertThatThrownBy(() -> parser.parse(exec.replace("\"execFee\": \"26.3725275\"", "\"execFee\": \"\""), sink))
                .hasMessageContaining("field 'execFee' is missing or empty");
        assertThatThrownBy(() -> parser.parse("{\"topic\":\"order\",\"data\":[1]}", sink))
                .hasMessage("private topic order: data[0] is 1, expected an object");
    }
}
