package kairos.engine.execution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reconciliation with the venue, on start and after every reconnect (and periodically): books every execution of
 * the snapshot not booked yet (in time order, entries before the exits that reduce them), applies the venue's view
 * of every open order Kairos tracks, cancels open orders that carry Kairos' link id but that it no longer tracks
 * (orphans), queries tracked orders the venue no longer lists as open (they finished, or never arrived), and
 * compares positions: the venue's against the journal's fills that the snapshot's positions include (by execution
 * id, {@link VenueSnapshot#inclusion}: not all fills of the snapshot's millisecond are in it). A position that
 * still differs is a mismatch the kernel cannot explain: it pauses trading and raises a critical alert. Every
 * position left open is protected (its stop placed or resized) or, without a plan, closed.
 */
final class Reconciler {
    private final OrderManager om;

    Reconciler(OrderManager om) {
        this.om = om;
    }

    ReconcileReport apply(VenueSnapshot s, long now) {
        List<Fill> fills = new ArrayList<>(s.executions());
        fills.sort(Comparator.comparingLong(Fill::time).thenComparing(Fill::execId));
        int booked = 0;
        for (Fill f : fills) {
            if (!om.hasBooked(f)) {
                om.onFill(f, now);
                booked++;
            }
        }
        Set<String> openAtVenue = new HashSet<>();
        int updated = 0;
        int orphans = 0;
        for (OrderUpdate u : s.openOrders()) {
            openAtVenue.add(u.linkId());
            if (om.registry().get(u.linkId()) != null) {
                om.onOrderUpdate(u, now);
                updated++;
            } else if (om.registry().doneBy(u.linkId(), s.time())) {
                // listed open by a snapshot taken before the order finished: the venue said so since, nothing to do
                continue;
            } else if (OrderRegistry.isKairosLinkId(u.linkId(), u.symbol())) {
                om.venue().cancel(u.linkId(), u.symbol());
                om.alert(ExecutionEvents.Severity.IMPORTANT, "ORPHAN_ORDER", u.symbol(), "order " + u.linkId()
                        + " is open on the venue but not in the journal: cancelled", now);
                orphans++;
            } else {
                om.alert(ExecutionEvents.Severity.INFO, "FOREIGN_ORDER", u.symbol(), "order " + u.linkId()
                        + " on the venue was not placed by Kairos: left alone", now);
            }
        }
        int queried = 0;
        for (ManagedOrder o : List.copyOf(om.registry().all())) {
            if (o.isOpen() && !openAtVenue.contains(o.linkId()) && o.sentAt() <= s.time()) {
                om.venue().query(o.linkId(), o.symbol());
                queried++;
            }
        }
        Map<String, BigDecimal> venue = new TreeMap<>();
        s.positions().forEach(p -> venue.put(p.symbol(), p.size()));
        Set<String> symbols = new TreeSet<>(venue.keySet());
        om.portfolio().openPositions().forEach(p -> symbols.add(p.symbol()));
        symbols.addAll(om.parkedSymbols());
        List<String> mismatches = new ArrayList<>();
        VenueSnapshot.Inclusion included = s.inclusion();
        for (String symbol : symbols) {
            BigDecimal expected = om.sizeAt(symbol, included);
            BigDecimal atVenue = venue.getOrDefault(symbol, BigDecimal.ZERO);
            if (expected.compareTo(atVenue) != 0) {
                mismatches.add(symbol + ": the venue holds " + plain(atVenue) + ", the journal " + plain(expected)
                        + " at " + java.time.Instant.ofEpochMilli(s.time()));
            }
        }
        om.protectAll(now);
        return new ReconcileReport(booked, updated, orphans, queried, List.copyOf(mismatches), now);
    }

    /** A quantity as a trader writes it: 10, not 10.0 (the scale of a sum of fills says nothing). */
    private static String plain(BigDecimal qty) {
        return qty.signum() == 0 ? "0" : qty.stripTrailingZeros().toPlainString();
    }
}
