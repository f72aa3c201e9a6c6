package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kairos.engine.domain.Side;
import org.junit.jupiter.api.Test;

class TradeRecordTest {

    @Test
    void ofDerivesNetPnlFromGrossFeesAndFunding() {
        TradeRecord t = TradeRecord.of("T", "SOLUSDT", Side.Sell, "s", "", 0, 100, 90_000, 90, 2, 20, 0.25, -0.75,
                TradeRecord.END_OF_DATA);
        assertThat(t.netPnl()).isEqualTo(20.5);
        assertThat(t.holdingMinutes()).isEqualTo(1.5);
        assertThat(t.exitReason()).isEqualTo("end_of_data");
    }

    @Test
    void rejectsInconsistentOrImpossibleTrades() {
        assertThatThrownBy(() -> new TradeRecord("T", "X", Side.Buy, "s", "r", 0, 1, 1, 1, 1, 10, 1, 1, 9, "tp1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netPnl");
        assertThatThrownBy(() -> TradeRecord.of("T", "X", Side.Buy, "s", "r", 0, 1, 1, 1, 1, 10, -1, 0, "tp1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fees");
        assertThatThrownBy(() -> TradeRecord.of("T", "X", Side.Buy, "s", "r", 5, 1, 4, 1, 1, 10, 0, 0, "tp1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before entryTime");
        assertThatThrownBy(() -> TradeRecord.of("T", "X", Side.Buy, "s", "r", 0, 1, 1, 1, 0, 10, 0, 0, "tp1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qty");
        assertThatThrownBy(() -> TradeRecord.of("T", "X", Side.Buy, "s", "r", 0, Double.NaN, 1, 1, 1, 10, 0, 0, "tp1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entryPrice");
        assertThatThrownBy(() -> TradeRecord.of("T", "X", Side.Buy, null, "r", 0, 1, 1, 1, 1, 10, 0, 0, "tp1"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("strategy");
    }

    @Test
    void equityPointMustBeFinite() {
        assertThatThrownBy(() -> new EquityPoint(0, Double.NaN, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThat(new EquityPoint(1, 2, true).inPosition()).isTrue();
    }
}
