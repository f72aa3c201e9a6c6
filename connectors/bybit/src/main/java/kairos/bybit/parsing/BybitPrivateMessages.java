package kairos.bybit.parsing;

import com.fasterxml.jackson.databind.JsonNode;

import kairos.engine.execution.VenueEvent;

/**
 * Parses Bybit V5 private WebSocket messages into the engine's venue events: {@code order} →
 * {@link kairos.engine.execution.OrderUpdate}, {@code execution} → {@link kairos.engine.execution.Fill} (or a
 * {@link FundingCashFlow} for {@code execType} {@code Funding}; other non-trade executions are skipped),
 * {@code position} → {@link kairos.engine.execution.PositionReport}, {@code wallet} →
 * {@link kairos.engine.execution.WalletReport}. Category-specific topics ({@code order.linear}) are read the same.
 * Items of another category than the one given (a spot order of the same account) are skipped: their symbols
 * would collide with the contract's. Operation replies ({@code auth}, {@code subscribe}, {@code pong}) are
 * {@link Kind#CONTROL}. Stateless and thread-safe; duplicates and reordering are the receiver's concern (the order
 * manager is idempotent), so every message is passed on as it is.
 */
public final class BybitPrivateMessages {

    /** What a message was. */
    public enum Kind { ORDER, EXECUTION, POSITION, WALLET, CONTROL, IGNORED }

    /** Where parsed items go. */
    public interface Sink {
        void event(VenueEvent event);

        void funding(FundingCashFlow funding);
    }

    private final String category;

    /** @param category the category to keep ({@code linear}), or null to keep all */
    public BybitPrivateMessages(String category) {
        this.category = category;
    }

    /**
     * Parses one message and hands its items to the sink.
     *
     * @throws BybitPayloadException when the text is not JSON or an item lacks a field the engine needs; the
     *                               message names the topic, the item and the field
     */
    public Kind parse(String text, Sink sink) {
        JsonNode root = BybitJson.tree(text, "private stream");
        if (!root.isObject()) {
            throw new BybitPayloadException("private stream: expected a JSON object, got " + BybitJson.abbreviate(text));
        }
        if (root.has("op") || root.has("success")) {
            return Kind.CONTROL;
        }
        String topic = root.path("topic").asText("");
        JsonNode data = root.get("data");
        if (topic.isEmpty() || data == null || !data.isArray()) {
            return Kind.IGNORED;
        }
        long created = root.path("creationTime").asLong(0);
        String where = "private topic " + topic;
        if (is(topic, "order")) {
            for (BybitOrder o : BybitJson.list(root, "data", BybitOrder.class, where, "")) {
                if (keep(o.category())) {
                    sink.event(o.toUpdate(where));
                }
            }
            return Kind.ORDER;
        }
        if (is(topic, "execution")) {
            for (BybitExecution e : BybitJson.list(root, "data", BybitExecution.class, where, "")) {
                if (!keep(e.category())) {
                    continue;
                }
                switch (e.kind()) {
                    case FILL -> sink.event(e.toFill(where));
                    case FUNDING -> sink.funding(e.toFunding(where));
                    case OTHER -> { }
                }
            }
            return Kind.EXECUTION;
        }
        if (is(topic, "position")) {
            for (BybitPosition p : BybitJson.list(root, "data", BybitPosition.class, where, "")) {
                if (keep(p.category())) {
                    sink.event(p.toReport(where, created));
                }
            }
            return Kind.POSITION;
        }
        if (topic.equals("wallet")) {
            for (BybitWallet w : BybitJson.list(root, "data", BybitWallet.class, where, "")) {
                sink.event(w.toReport(where, created));
            }
            return Kind.WALLET;
        }
        return Kind.IGNORED;
    }

    private boolean keep(String itemCategory) {
        return category == null || itemCategory == null || itemCategory.isEmpty() || category.equals(itemCategory);
    }

    /** {@code order} and {@code order.linear} are the order topic; {@code execution.fast} is another payload. */
    private static boolean is(String topic, String name) {
        return topic.equals(name) || (topic.startsWith(name + ".") && !topic.equals("execution.fast"));
    }
}
