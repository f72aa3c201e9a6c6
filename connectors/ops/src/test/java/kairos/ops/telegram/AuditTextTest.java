package kairos.ops.telegram;

import kairos.engine.kernel.Decision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit message of a vetoed proposal, line by line, and which decisions are sent at all. */
class AuditTextTest {

    static Decision vetoed() {
        return new Decision("SOLUSDT-1746362100000", "2025-05-04T12:35:00Z", "SOLUSDT", Decision.BAR_CLOSE,
                List.of("trend: EMA stack long", "size: high volatility", "filter: funding extreme"),
                List.of(new Decision.VetoRecord("market", "filter: funding extreme", "funding 0.12% > 0.10%", "Buy")),
                new Decision.ProposalRecord("Buy", "trend", "trend: EMA stack long", "market", 151.25, 148.5, 155.0,
                        0.5, "EMA 9>21>50", List.of(), 0),
                new Decision.Verdict("vetoed", "filter: funding extreme", null, null, null), List.of(),
                List.of("VolumeSpike"), "", "0b1d7ba968943538", "xgb-2025-05-01",
                List.of(), List.of(new Decision.SizeFactorRecord("volatility", 0.5, "size: high volatility", "ATR 2.1x")),
                List.of(), "abcd");
    }

    @Test
    void vetoedProposal() {
        assertThat(AuditText.of(vetoed())).isEqualTo("""
                AUDIT SOLUSDT 2025-05-04T12:35:00Z (bar_close)
                proposal: Buy trend by trend: EMA stack long, entry 151.25 stop 148.5 target 155, size x0.50 (EMA 9>21>50)
                rules fired:
                  1. trend: EMA stack long
                  2. size: high volatility
                  3. filter: funding extreme
                vetoes:
                  [market] filter: funding extreme: funding 0.12% > 0.10% (Buy only)
                size factors:
                  volatility x0.50 by size: high volatility: ATR 2.1x
                verdict: VETOED - filter: funding extreme
                ruleset 0b1d7ba968943538, model xgb-2025-05-01""");
        assertThat(AuditText.isTradeDecision(vetoed())).isTrue();
    }

    @Test
    void onlyTradeDecisionsAreSent() {
        Decision quiet = new Decision("SOLUSDT-1", "2025-05-04T12:36:00Z", "SOLUSDT", Decision.BAR_CLOSE, List.of(),
                List.of(), null, new Decision.Verdict("none", "no proposal", null, null, null), List.of(), List.of(),
                "", "h", "m", List.of(), List.of(), List.of(), "d");
        Decision exit = new Decision("SOLUSDT-2", "2025-05-04T12:37:00Z", "SOLUSDT", Decision.BAR_CLOSE,
                List.of("exit: time stop"), List.of(), null, new Decision.Verdict("exit", "time stop", null, null,
                "kSOL-1"), List.of(new Decision.ExitRecord("exit: time stop", "held 60 min")), List.of(), "", "h", "m",
                List.of(), List.of(), List.of(), "d");
        assertThat(AuditText.isTradeDecision(quiet)).isFalse();
        assertThat(AuditText.isTradeDecision(exit)).isTrue();
        assertThat(AuditText.of(exit)).contains("exit: exit: time stop - held 60 min", "verdict: EXIT - time stop, order kSOL-1");
    }

    @Test
    void settingsParseTheWhitelistAndNeverPrintTheToken() {
        TelegramSettings s = TelegramSettings.fromEnv(java.util.Map.of("TELEGRAM_BOT_TOKEN", "42:tok-en",
                "KAIROS_TELEGRAM_CHAT_IDS", " 100, -1001234 ,", "KAIROS_TELEGRAM_USER_IDS", "7"), null, 5);
        assertThat(s.baseUrl()).isEqualTo(TelegramSettings.DEFAULT_BASE_URL);
        assertThat(s.chatIds()).containsExactlyInAnyOrder(100L, -1001234L);
        assertThat(s.allows(100L, 7L)).isTrue();
        assertThat(s.allows(100L, 8L)).isFalse();
        assertThat(s.allows(101L, 7L)).isFalse();
        assertThat(s.toString()).doesNotContain("tok-en");
        assertThat(s.redact("GET http://x/bot42:tok-en/getUpdates")).isEqualTo("GET http://x/bot***/getUpdates");
        assertThat(TelegramSettings.fromEnv(java.util.Map.of(), null, 5)).isNull();
        assertThatThrownBy(() -> TelegramSettings.fromEnv(java.util.Map.of("TELEGRAM_BOT_TOKEN", "t",
                "KAIROS_TELEGRAM_USER_IDS", "7,@me"), null, 5))
                .hasMessageContaining("KAIROS_TELEGRAM_USER_IDS: '@me' is not a Telegram id");
        assertThatThrownBy(() -> TelegramSettings.fromEnv(java.util.Map.of("TELEGRAM_BOT_TOKEN", "t",
                "KAIROS_TELEGRAM_BASE_URL", "ftp://x"), null, 5))
                .hasMessageContaining("KAIROS_TELEGRAM_BASE_URL: 'ftp://x' is not an http(s) URL")
                .hasMessageNotContaining("t,");
    }
}
