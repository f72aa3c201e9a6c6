package kairos.bybit.sim;

import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Delivery of one channel's pushes (public or private) with the faults a test asked for: the next N messages sent
 * twice, the next N delivered in reverse order (an order's {@code Filled} before its {@code execution}), everything
 * held back until an exchange time, or a seeded random mix of duplicates and swaps. Recipients are fixed when a
 * message is produced; a connection closed meanwhile just misses it, as it would on the exchange.
 */
final class Outbox {
    private record Message(List<WebSocket> to, String text) {
    }

    private final String channel;
    private final Consumer<InjectedFault> log;
    private int duplicateNext;
    private int reverseNext;
    private final List<Message> reversing = new ArrayList<>();
    private long holdUntil = Long.MIN_VALUE;
    private final List<Message> held = new ArrayList<>();
    private SplittableRandom chaos;
    private double duplicateChance;
    private double swapChance;
    private Message swapped;
    private long now;
    private long delivered;

    Outbox(String channel, Consumer<InjectedFault> log) {
        this.channel = channel;
        this.log = log;
    }

    synchronized void duplicateNext(int n) {
        duplicateNext += n;
    }

    synchronized void reverseNext(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("reversing needs at least 2 messages, got " + n);
        }
        reverseNext += n;
    }

    synchronized void holdUntil(long time) {
        holdUntil = time;
        log.accept(new InjectedFault(now, channel + "-hold", "messages held until " + time));
    }

    synchronized void chaos(long seed, double duplicate, double swap) {
        chaos = new SplittableRandom(seed);
        duplicateChance = duplicate;
        swapChance = swap;
    }

    /** Messages delivered (each copy of a duplicate counted). */
    synchronized long delivered() {
        return delivered;
    }

    synchronized void deliver(Collection<WebSocket> to, String text) {
        Message m = new Message(List.copyOf(to), text);
        if (now < holdUntil) {
            held.add(m);
            return;
        }
        if (reverseNext > 0) {
            reversing.add(m);
            if (--reverseNext == 0) {
                log.accept(new InjectedFault(now, channel + "-reorder", reversing.size() + " messages delivered in reverse order"));
                for (int i = reversing.size() - 1; i >= 0; i--) {
                    send(reversing.get(i));
                }
                reversing.clear();
            }
            return;
        }
        if (chaos != null) {
            if (swapped == null && chaos.nextDouble() < swapChance) {
                swapped = m;
                return;
            }
            send(m);
            if (chaos.nextDouble() < duplicateChance) {
                log.accept(new InjectedFault(now, channel + "-duplicate", abbreviate(text)));
                send(m);
            }
            if (swapped != null) {
                log.accept(new InjectedFault(now, channel + "-reorder", "delivered after the next message: " + abbreviate(swapped.text)));
                send(swapped);
                swapped = null;
            }
            return;
        }
        send(m);
        if (duplicateNext > 0) {
            duplicateNext--;
            log.accept(new InjectedFault(now, channel + "-duplicate", abbreviate(text)));
            send(m);
        }
    }

    /** Exchange time moved to {@code time}: a hold that ended delivers what it kept, in order. */
    synchronized void timePassed(long time) {
        now = time;
        if (!held.isEmpty() && time >= holdUntil) {
            release();
        }
    }

    /** Ends holds and pending reorders now, delivering in order what they kept. */
    synchronized void release() {
        holdUntil = Long.MIN_VALUE;
        if (!held.isEmpty()) {
            log.accept(new InjectedFault(now, channel + "-release", held.size() + " held messages delivered"));
        }
        List<Message> out = new ArrayList<>(held);
        out.addAll(reversing);
        if (swapped != null) {
            out.add(swapped);
        }
        held.clear();
        reversing.clear();
        reverseNext = 0;
        swapped = null;
        out.forEach(this::send);
    }

    private void send(Message m) {
        for (WebSocket c : m.to) {
            if (c.isOpen()) {
                try {
                    c.send(m.text);
                    delivered++;
                } catch (WebsocketNotConnectedException e) {
                    // closed meanwhile: it misses the message, as on the exchange
                }
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
