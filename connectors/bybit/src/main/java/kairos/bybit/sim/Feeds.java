package kairos.bybit.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where the exchange's pushes go: the public topics and the private account topics. The socket server implements
 * it; the exchange calls it under its lock, so pushes leave in the order the state changed.
 */
interface Feeds {
    /** Whether any connection is subscribed to a public topic (messages nobody wants are not built). */
    boolean wants(String topic);

    void publish(String topic, ObjectNode message);

    /** A private push of {@code data} on {@code topic} ({@code order}, {@code execution}, {@code position}, {@code wallet}). */
    void publishPrivate(String topic, ArrayNode data, long creationTime);

    /** Exchange time moved on: deliver what was held back until then. */
    void timePassed(long now);

    Feeds NONE = new Feeds() {
        @Override
        public boolean wants(String topic) {
            return false;
        }

        @Override
        public void publish(String topic, ObjectNode message) {
        }

        @Override
        public void publishPrivate(String topic, ArrayNode data, long creationTime) {
        }

        @Override
        public void timePassed(long now) {
        }
    };
}
