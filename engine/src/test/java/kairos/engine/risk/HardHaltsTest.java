package kairos.engine.risk;

import kairos.engine.rules.VenueHealth;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The halts the rules cannot remove, branch by branch and at each boundary: which one wins when several apply, what
 * each makes the kernel do, and that an unknown venue health bans entries.
 */
class HardHaltsTest {
    static final long NOW = 1_746_000_000_000L;
    final HardHalts halts = new HardHalts(HaltLimits.SPEC);

    static HardHalts.Inputs inputs(double move1m, long silentMs, VenueHealth venue, boolean venueUp, double drawdown) {
        return new HardHalts.Inputs("SOLUSDT", NOW, move1m, silentMs, venue, venueUp, drawdown);
    }

    static HardHalts.Inputs calm(VenueHealth venue) {
        return inputs(0.001, 2_000, venue, true, 0.02);
    }

    static VenueHealth venue(boolean maintenance, double errorRate, double latencyMs, boolean suspect, double delistingH) {
        return new VenueHealth("SOLUSDT", maintenance, errorRate, latencyMs, suspect, delistingH);
    }

    static VenueHealth healthy() {
        return VenueHealth.healthy("SOLUSDT");
    }

    @Test
    void aCalmMarketOnAHealthyVenueHaltsNothing() {
        HardHalts.Verdict v = halts.evaluate(calm(healthy()));
        assertThat(v.entryBan()).isNull();
        assertThat(v.acts()).isFalse();
        assertThat(halts.evaluate(calm(null)).entryBan()).as("no venue health known: the bans that need it pass").isNull();
        assertThat(halts.limits()).isSameAs(HaltLimits.SPEC);
    }

    @Test
    void aBlackSwanClosesEverythingAndStopsUntilAnOperatorResumes() {
        HardHalts.Verdict v = halts.evaluate(inputs(0.2, 999_000, healthy(), false, 0.1501));
        assertThat(v.flattenAll()).isTrue();
        assertThat(v.cancelAll()).isTrue();
        assertThat(v.pauseUntil()).isEqualTo(Long.MAX_VALUE);
        assertThat(v.alertType()).isEqualTo("BLACK_SWAN");
        assertThat(v.entryBan()).startsWith("black swan: drawdown 15.01% above 15% (R16.8)");
        assertThat(halts.evaluate(inputs(0.001, 2_000, healthy(), true, 0.15)).acts()).as("at the limit: not above").isFalse();
    }

    @Test
    void aFlashMoveClosesEverythingAndPausesEntriesForHalfAnHour() {
        HardHalts.Verdict v = halts.evaluate(inputs(0.0501, 2_000, venue(false, 0, 0, false, 1), true, 0.02));
        assertThat(v.flattenAll()).isTrue();
        assertThat(v.cancelAll()).isTrue();
        assertThat(v.pauseUntil()).isEqualTo(NOW + 30 * 60_000);
        assertThat(v.alertType()).isEqualTo("EXTREME_MOVEMENT");
        assertThat(v.reason()).isEqualTo("SOLUSDT moved 5.01% within one minute, above 5% (R16.1)");
        assertThat(halts.evaluate(inputs(0.05, 2_000, healthy(), true, 0)).acts()).as("at the limit").isFalse();
        assertThat(halts.evaluate(inputs(Double.NaN, 2_000, healthy(), true, 0)).acts()).as("no move known yet").isFalse();
    }

    @Test
    void aDelistingWithinADayClosesTheSymbolsPositionAndBansEntries() {
        HardHalts.Verdict v = halts.evaluate(calm(venue(true, 0.9, 5_000, true, 24)));
        assertThat(v.flattenSymbol()).isTrue();
        assertThat(v.flattenAll()).isFalse();
        assertThat(v.cancelAll()).isFalse();
        assertThat(v.alertType()).isEqualTo("DELISTING");
        assertThat(v.entryBan()).isEqualTo("SOLUSDT is delisted in 24 h (R16.7)").isEqualTo(v.reason());
        assertThat(halts.evaluate(calm(venue(false, 0, 0, false, 24.01))).acts()).isFalse();
    }

    @Test
    void eachVenueProblemBansEntriesOnlyInThisOrder() {
        assertThat(ban(inputs(0, 999_000, venue(true, 0.9, 5_000, true, 99), false, 0)))
                .isEqualTo("the connection to the venue is down (R16.12)");
        assertThat(ban(inputs(0, 10_000, venue(true, 0.9, 5_000, true, 99), true, 0)))
                .isEqualTo("no market data for SOLUSDT for 10 s (R16.12)");
        assertThat(ban(inputs(0, 9_999, healthy(), true, 0))).as("silent just under the limit").isNull();
        assertThat(ban(inputs(0, -1, healthy(), true, 0))).as("a symbol without tick streams").isNull();
        assertThat(ban(calm(venue(true, 0.9, 5_000, true, 99)))).isEqualTo("exchange maintenance (R16.4)");
        assertThat(ban(calm(venue(false, 0.21, 5_000, true, 99)))).isEqualTo("API error rate 21% above 20% (R16.5)");
        assertThat(ban(calm(venue(false, 0.2, 5_000, true, 99)))).isEqualTo("feed latency 5000 ms at or above 1000 ms (R16.14)");
        assertThat(ban(calm(venue(false, 0.2, 1_000, false, 99)))).as("at the latency limit").startsWith("feed latency 1000 ms");
        assertThat(ban(calm(venue(false, 0.2, 999.9, true, 99)))).isEqualTo("market data flagged as anomalous (R16.6)");
        assertThat(ban(calm(venue(false, 0.2, 999.9, false, 99)))).isNull();
        HardHalts.Verdict v = halts.evaluate(calm(venue(true, 0, 0, false, 99)));
        assertThat(v.acts()).as("a ban alone closes nothing").isFalse();
    }

    @Test
    void anUnknownErrorRateOrLatencyBansEntries() {
        assertThat(ban(calm(venue(false, Double.NaN, 0, false, 99)))).isEqualTo("API error rate unknown (R16.5)");
        assertThat(ban(calm(venue(false, 0, Double.NaN, false, 99)))).isEqualTo("feed latency unknown (R16.14)");
        assertThat(ban(calm(venue(false, 0, 0, false, Double.NaN)))).as("an unknown delisting is none known").isNull();
    }

    @Property
    void stricterLimitsNeverAllowWhatTheSpecificationBans(@ForAll @DoubleRange(min = 0, max = 0.3) double move,
                                                         @ForAll @DoubleRange(min = 0, max = 0.3) double drawdown,
                                                         @ForAll @DoubleRange(min = 0, max = 1) double errorRate,
                                                         @ForAll @DoubleRange(min = 0, max = 3_000) double latency,
                                                         @ForAll @DoubleRange(min = 0, max = 0.9) double tighter) {
        double f = 1 - tighter;   // every limit moved toward stricter by the same share
        HaltLimits strict = new HaltLimits(0.05 * f, 30 / f, 10 * f, 1_000 * f, 0.2 * f, 24 / f, 0.15 * f);
        HardHalts.Inputs in = inputs(move, 2_000, venue(false, errorRate, latency, false, 30), true, drawdown);
        HardHalts.Verdict spec = halts.evaluate(in);
        HardHalts.Verdict stricter = new HardHalts(strict).evaluate(in);
        if (spec.entryBan() != null) {
            assertThat(stricter.entryBan()).isNotNull();
        }
        if (spec.flattenAll()) {
            assertThat(stricter.flattenAll()).isTrue();
        }
        if (spec.acts()) {
            assertThat(stricter.acts()).isTrue();
        }
    }

    private String ban(HardHalts.Inputs in) {
        return halts.evaluate(in).entryBan();
    }
}
