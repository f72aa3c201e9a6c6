package kairos.app.session;

import kairos.engine.cep.EventFile;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.Fill;
import kairos.engine.execution.ForwardingVenue;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.OrderStatus;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.TradeRecord;
import kairos.engine.execution.VenueModel;
import kairos.engine.execution.ForwardingVenueStore;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.KernelState;
import kairos.engine.kernel.MarketDataSource;
import kairos.engine.kernel.ForwardingStateJournal;
import kairos.engine.risk.HaltLimits;
import kairos.engine.risk.RiskLimits;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A paper session in a process of its own, for the crash tests: {@code PaperSessionProcess EVENTS STORE RULES CEP
 * [CRASH-POINT]}. With a crash point it stops dead there ({@code saved}: the state holding a new entry order is
 * journaled and the order not sent yet; {@code sent}: the venue has the entry order, the kernel no answer;
 * {@code filled}: the venue has filled the entry and the kernel does not know), prints {@code CRASH-POINT <name>}
 * and waits to be killed. Without one it runs to the end of the events and exits 0.
 */
public final class PaperSessionProcess {
    static final Instrument SOL = new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
            new BigDecimal("0.1"), new BigDecimal("5"));

    private PaperSessionProcess() {
    }

    static TradingSession.Spec spec(Path store, Path rules, Path cep) {
        return new TradingSession.Spec("paper", "paper", List.of("SOLUSDT"), Timeframe.M5, rules, cep, store, 10_000,
                VenueModel.DEFAULT, ExecutionPolicy.DEFAULT, new RiskLimits(0.01, 3), HaltLimits.SPEC,
                Map.of("SOLUSDT", SOL), "none", 60_000);
    }

    public static void main(String[] args) throws Exception {
        List<MarketEvent> events = new ArrayList<>(EventFile.read(Path.of(args[0])));
        events.sort(Comparator.comparingLong(MarketEvent::time));
        String crashAt = args.length > 4 ? args[4] : "";
        PrintStream out = System.out;
        AtomicReference<TradingSession> running = new AtomicReference<>();
        try (TradingSession session = TradingSession.onRecordedData(spec(Path.of(args[1]), Path.of(args[2]), Path.of(args[3])),
                MarketDataSource.of(events), events.getFirst().time() - 60_000, a -> out.println("ALERT " + a.type() + " " + a.text()),
                seams(crashAt, out, running))) {
            running.set(session);
            out.println("STARTED resumed=" + session.resumed());
            out.flush();
            session.run();
            out.println("DONE");
        }
    }

    /**
     * The crash points. {@code saved} and {@code filled} stop the session's state writer right after the write (the
     * kernel then waits for it before it sends anything); {@code sent} stops the kernel thread once the venue's
     * state with the entry order is written ({@code running}: the session, for its writer).
     */
    static TradingSession.Interposers seams(String crashAt, PrintStream out, AtomicReference<TradingSession> running) {
        return new TradingSession.Interposers(
                j -> crashAt.equals("saved") ? new ForwardingStateJournal(j) {
                    @Override
                    public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
                        super.save(state, fills, trades, decisions);
                        boolean newEntry = state.orders().orders().stream().anyMatch(o -> o.intent().purpose()
                                == OrderPurpose.ENTRY && o.status() == OrderStatus.NEW);
                        if (newEntry) {
                            crash("saved", out);
                        }
                    }
                } : j,
                v -> crashAt.equals("sent") ? new ForwardingVenue(v) {
                    @Override
                    public void submit(OrderIntent intent) {
                        super.submit(intent);
                        if (intent.purpose() == OrderPurpose.ENTRY) {
                            running.get().writes().sync();
                            crash("sent", out);
                        }
                    }
                } : v,
                s -> crashAt.equals("filled") ? new ForwardingVenueStore(s) {
                    @Override
                    public void save(SimulatedVenue.State state) {
                        super.save(state);
                        if (state.positions().stream().anyMatch(p -> p.qty().signum() != 0)) {
                            crash("filled", out);
                        }
                    }
                } : s);
    }

    /** Stops dead: the test kills the process here ({@code kill -9}). */
    private static void crash(String point, PrintStream out) {
        out.println("CRASH-POINT " + point);
        out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("not killed at " + point);
    }
}
