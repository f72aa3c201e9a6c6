package kairos.app.bench;

import kairos.app.session.TradingSession;
import kairos.bybit.data.BybitMarketFeed;
import kairos.engine.domain.MarketEvent;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.ForwardingVenue;
import kairos.engine.execution.ForwardingVenueStore;
import kairos.engine.execution.MarketSimulation;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.ForwardingStateJournal;
import kairos.engine.kernel.KernelState;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.kernel.StateJournal;
import kairos.engine.execution.Fill;
import kairos.engine.execution.TradeRecord;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.StateJson;
import kairos.ops.journal.SqliteStateJournal;
import kairos.engine.execution.VenueStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times a paper session's path from a market message to the order requests it causes, with {@link System#nanoTime}
 * at four points: the message received (the feed's recorder, called first, on the socket's thread, as the text is
 * complete), parsed (the batch handed to the sink, before it is posted to the kernel's inbox), taken by the kernel
 * (the paper venue's matcher sees the batch's first event: the kernel thread has the batch in hand) and the order
 * request leaving the kernel (its venue port's {@code submit}). A request is put down to the last batch the kernel
 * took before it: the decision points of a batch are taken while it is handled or just after it, before the next
 * one. The state journal (SQLite) and the paper venue's state file are written behind the kernel, on the session's
 * writer thread ({@code TradingSession.writes()}); what the kernel waited for them before sending is taken from the
 * writer per request, and each write's own time is kept for the distribution.
 * Costs a synchronised identity-map put and remove per message and a few clock reads: a probe, not in any session.
 */
public final class LivePathProbe {
    /** One order request: nanoseconds of each stage, and what the order was for. */
    public record Sample(long parse, long inbox, long kernel, long writesWait, OrderPurpose purpose) {
        public long total() {
            return parse + inbox + kernel;
        }
    }

    private record Arrival(long received, long parsed) {
    }

    private final Map<MarketEvent, Arrival> arrivals = Collections.synchronizedMap(new IdentityHashMap<>());
    private final List<Sample> samples = new ArrayList<>();
    private final List<Long> saves = Collections.synchronizedList(new ArrayList<>());        // the writer's thread
    private final List<Long> venueWrites = Collections.synchronizedList(new ArrayList<>());  // the writer's thread
    private final boolean journalOff;
    private volatile TradingSession session;
    private volatile KernelState lastState;            // the writer's thread
    private volatile SimulatedVenue.State lastVenueState;
    private long receivedAt;           // the feed's thread
    private Arrival current;           // the kernel thread, from here down
    private long takenAt;
    private long waitedAtTake;
    private long batchesTaken;
    private volatile long batchesPosted;
    private volatile long batchesConsumed;

    /**
     * @param journalOff the session's state is not journaled (its saves are dropped): what the path costs without
     *                   the crash-safe journal, for comparison only — such a session cannot resume after a crash
     */
    public LivePathProbe(boolean journalOff) {
        this.journalOff = journalOff;
    }

    /** The feed's recorder: notes when each message was received (the socket's thread, before the parser). */
    public BybitMarketFeed.Recorder recorder() {
        return new BybitMarketFeed.Recorder() {
            @Override
            public void message(String text, long recvTs) {
                receivedAt = System.nanoTime();
            }

            @Override
            public void rest(String request, String body, long recvTs) {
            }

            @Override
            public void binance(String text, long recvTs) {
                receivedAt = System.nanoTime();
            }
        };
    }

    /** The feed's batch, parsed: notes the time and posts it to the session. */
    public void onBatch(MarketBatch batch, TradingSession session) {
        this.session = session;
        if (!batch.history() && !batch.events().isEmpty()) {
            arrivals.put(batch.events().getFirst(), new Arrival(receivedAt, System.nanoTime()));
            batchesPosted++;
        }
        session.post(batch);
    }

    /** The session's seams: the matcher (batch taken), the venue port (request sent), the journal (its time). */
    public TradingSession.Interposers interposers() {
        return new TradingSession.Interposers(this::journal, this::venue, this::venueStore, this::simulation);
    }

    private MarketSimulation simulation(MarketSimulation inner) {
        return (event, settle) -> {
            Arrival a = arrivals.remove(event);
            if (a != null) {
                current = a;
                takenAt = System.nanoTime();
                waitedAtTake = waited();
                batchesTaken++;
                batchesConsumed = batchesTaken;
            }
            inner.onMarket(event, settle);
        };
    }

    private VenueStore venueStore(VenueStore inner) {
        return new ForwardingVenueStore(inner) {
            @Override
            public void save(SimulatedVenue.State state) {
                long t0 = System.nanoTime();
                super.save(state);
                venueWrites.add(System.nanoTime() - t0);
                lastVenueState = state;
            }
        };
    }

    private StateJournal journal(StateJournal inner) {
        return new ForwardingStateJournal(inner) {
            @Override
            public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
                if (journalOff) {
                    return;
                }
                long t0 = System.nanoTime();
                super.save(state, fills, trades, decisions);
                saves.add(System.nanoTime() - t0);
                lastState = state;
            }
        };
    }

    private ExecutionVenue venue(ExecutionVenue inner) {
        return new ForwardingVenue(inner) {
            @Override
            public void submit(OrderIntent intent) {
                long now = System.nanoTime();
                Arrival a = current;
                if (a != null) {
                    samples.add(new Sample(a.parsed - a.received, takenAt - a.parsed, now - takenAt,
                            waited() - waitedAtTake, intent.purpose()));
                }
                super.submit(intent);
            }
        };
    }

    private long waited() {
        TradingSession s = session;
        return s == null ? 0 : s.writes().waitedNanos();
    }

    /** Whether the kernel has taken every market batch posted so far (any thread). */
    public boolean drained() {
        return batchesConsumed >= batchesPosted;
    }

    public long batchesTaken() {
        return batchesConsumed;
    }

    public long batchesPosted() {
        return batchesPosted;
    }

    /** How long each save of the state journal took on the writer (ns), every save; read after the session. */
    public long[] saveNanos() {
        synchronized (saves) {
            return saves.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** How long each write of the paper venue's state file took on the writer (ns); read after the session. */
    public long[] venueWriteNanos() {
        synchronized (venueWrites) {
            return venueWrites.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * Bytes of JSON of the last kernel state saved — whole, and as the journal writes it at each save (without the
     * recent trades and execution ids, written apart when they change) — and of the last venue state (-1: none).
     */
    public long[] lastStateBytes() {
        KernelState k = lastState;
        SimulatedVenue.State v = lastVenueState;
        return new long[] {k == null ? -1 : StateJson.write(k).length(),
                k == null ? -1 : StateJson.write(SqliteStateJournal.core(k)).length(),
                v == null ? -1 : StateJson.write(v).length()};
    }

    /** The samples so far; read after the kernel thread has ended. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }
}
