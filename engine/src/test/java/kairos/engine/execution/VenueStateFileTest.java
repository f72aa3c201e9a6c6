package kairos.engine.execution;

import kairos.engine.domain.Side;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The paper venue's state on disk: a snapshot and a log of what changed; what is read back is what was saved. */
class VenueStateFileTest {
    @TempDir
    Path dir;

    static String json(SimulatedVenue.State s) {
        return StateJson.write(s);
    }

    static SimulatedVenue.State counters(long seq) {
        return new SimulatedVenue.State(List.of(), List.of(new SimulatedVenue.PositionState("SOLUSDT", BigDecimal.ONE, 100)),
                List.of(), seq, seq, List.of("SOLUSDT"), List.of(new SimulatedVenue.MatchedState("SOLUSDT", seq, 1)));
    }

    /** A venue's life in random steps (orders, amendments, cancels, bars that fill), saved as it goes. */
    @Property(tries = 40)
    void whatIsReadBackIsTheLastStateSaved(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> steps)
            throws IOException {
        Path tmp = Files.createTempDirectory("kairos-venue-file");   // jqwik has no @TempDir
        Path path = tmp.resolve("venue.json");
        VenueStateFile file = new VenueStateFile(path);
        VenueProbe probe = new VenueProbe(VenueModel.simple(new FeeSchedule(0.0002, 0.00055, 0), 0));
        SimulatedVenue.State[] saved = new SimulatedVenue.State[1];
        probe.venue.persistIn(new VenueStore() {
            @Override
            public java.util.Optional<SimulatedVenue.State> load() {
                return file.load();
            }

            @Override
            public void save(SimulatedVenue.State state) {
                file.save(state);
                saved[0] = state;
            }
        });
        probe.submit("first", Side.Buy, OrderType.LIMIT, 1, 95, false, OrderPurpose.ENTRY, 0);
        long t = 0;
        int n = 0;
        for (int step : steps) {
            t += 60_000;
            switch (step) {
                case 0 -> probe.submit("b" + n++, Side.Buy, OrderType.LIMIT, 1 + n % 3, 99 + n % 3, false, OrderPurpose.ENTRY, t);
                case 1 -> probe.submit("s" + n++, Side.Sell, OrderType.LIMIT, 1, 101, true, OrderPurpose.TARGET, t);
                case 2 -> probe.submit("m" + n++, Side.Buy, OrderType.MARKET, 2, 0, false, OrderPurpose.ENTRY, t);
                case 3 -> probe.venue.openOrders(VenueProbe.SOL).stream().findFirst()
                        .ifPresent(o -> probe.venue.cancel(o.linkId(), VenueProbe.SOL));
                case 4 -> probe.venue.openOrders(VenueProbe.SOL).stream().findFirst().ifPresent(o -> probe.venue
                        .amend(o.linkId(), VenueProbe.SOL, BigDecimal.valueOf(98), o.qty()));
                default -> probe.bar(t, 100, 102, 98, 100, 50);
            }
        }
        try {
            assertThat(json(new VenueStateFile(path).load().orElseThrow())).isEqualTo(json(saved[0]));
        } finally {
            file.close();
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(tmp);
        }
    }

    @Test
    void aSaveAppendsWhatChangedAndTheSnapshotIsRewrittenAfterEnoughLines() throws IOException {
        Path path = dir.resolve("venue.json");
        Path log = dir.resolve("venue.json.log");
        VenueStateFile file = new VenueStateFile(path);
        file.save(counters(0));
        String snapshot = Files.readString(path);
        file.save(counters(1));
        file.save(counters(1));   // nothing changed: nothing written
        file.save(counters(2));
        assertThat(Files.readString(path)).isEqualTo(snapshot);
        assertThat(Files.readAllLines(log)).hasSize(3).first().asString().startsWith("{\"snapshot\":\"");
        assertThat(json(new VenueStateFile(path).load().orElseThrow())).isEqualTo(json(counters(2)));
        for (int i = 3; i <= VenueStateFile.COMPACT_AFTER + 3; i++) {
            file.save(counters(i));
        }
        assertThat(Files.readAllLines(log)).as("a new snapshot and a short log").hasSizeLessThan(10);
        assertThat(Files.readString(path)).isNotEqualTo(snapshot);
        assertThat(json(new VenueStateFile(path).load().orElseThrow())).isEqualTo(json(counters(VenueStateFile.COMPACT_AFTER + 3)));
        file.close();
        file.save(counters(9_999));   // after close: a snapshot again
        assertThat(Files.readAllLines(log)).hasSize(1);
        assertThat(json(new VenueStateFile(path).load().orElseThrow())).isEqualTo(json(counters(9_999)));
        file.close();
    }

    @Test
    void aLineCutShortByACrashIsIgnoredAndABrokenLineBeforeTheEndIsAnError() throws IOException {
        Path path = dir.resolve("venue.json");
        Path log = dir.resolve("venue.json.log");
        VenueStateFile file = new VenueStateFile(path);
        file.save(counters(0));
        file.save(counters(1));
        file.close();
        Files.writeString(log, "{\"orders\":[],\"posit", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(new VenueStateFile(path).load().orElseThrow().execSeq()).isEqualTo(1);
        Files.writeString(log, "\n" + Files.readAllLines(log).get(1) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new VenueStateFile(path).load()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(log + ":3: ");
    }

    @Test
    void aLogLeftFromAnOlderSnapshotIsIgnored() throws IOException {
        Path path = dir.resolve("venue.json");
        Path log = dir.resolve("venue.json.log");
        VenueStateFile file = new VenueStateFile(path);
        file.save(counters(0));
        file.save(counters(1));
        file.close();
        String oldLog = Files.readString(log);
        file.save(counters(5));   // a new snapshot (after close) ...
        file.close();
        Files.writeString(log, oldLog);   // ... and the crash before its new log replaced the old one
        assertThat(new VenueStateFile(path).load().orElseThrow().execSeq()).isEqualTo(5);
        Files.writeString(log, "");   // a log cut before its header
        assertThat(new VenueStateFile(path).load().orElseThrow().execSeq()).isEqualTo(5);
        assertThat(new VenueStateFile(dir.resolve("none.json")).load()).isEmpty();
    }

    @Test
    void executionsThatDoNotFollowTheLastSavedOnesAreWrittenAsASnapshot() throws IOException {
        Path path = dir.resolve("venue.json");
        VenueStateFile file = new VenueStateFile(path);
        Fill a = new Fill("sim-1", "l", "SOLUSDT", Side.Buy, 1, 100, 0.01, true, 1, OrderPurpose.ENTRY, "entry");
        Fill b = new Fill("sim-2", "l", "SOLUSDT", Side.Buy, 1, 100, 0.01, true, 2, OrderPurpose.ENTRY, "entry");
        SimulatedVenue.State base = counters(1);
        file.save(withExecutions(base, List.of(a)));
        file.save(withExecutions(base, List.of(a, b)));
        assertThat(Files.readAllLines(dir.resolve("venue.json.log"))).hasSize(2);
        file.save(withExecutions(base, List.of(b)));   // the older ones trimmed: nothing new
        assertThat(Files.readAllLines(dir.resolve("venue.json.log"))).hasSize(2);
        file.save(withExecutions(base, List.of(a)));   // not following sim-2: the whole state
        assertThat(Files.readAllLines(dir.resolve("venue.json.log"))).hasSize(1);
        assertThat(new VenueStateFile(path).load().orElseThrow().executions()).extracting(Fill::execId).containsExactly("sim-1");
        Files.writeString(path, "{not json");
        assertThatThrownBy(() -> new VenueStateFile(path).load()).hasMessageStartingWith(path + ": ");
        file.close();
    }

    static SimulatedVenue.State withExecutions(SimulatedVenue.State s, List<Fill> executions) {
        return new SimulatedVenue.State(s.orders(), s.positions(), executions, s.execSeq(), s.updateSeq(), s.tickDriven(),
                s.matched());
    }
}
