package kairos.ops.telegram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bot's send queue: bursts are joined into messages that fit Telegram's limit; overflow is counted, critical kept. */
class TelegramOutboxTest {

    @Test
    void joinsWhatFitsCountsWhatOverflowsAndKeepsCritical() throws Exception {
        TelegramBot.Outbox box = new TelegramBot.Outbox(2);
        box.offer("audit 1", false);
        box.offer("audit 2", false);
        box.offer("audit 3", false);          // full: dropped, counted
        box.offer("CRITICAL venue down", true);
        assertThat(box.takeBatch(4_000)).isEqualTo("(1 message(s) dropped: Telegram could not keep up; decisions.jsonl"
                + " and the log have them all)\n\naudit 1\n\naudit 2\n\nCRITICAL venue down");

        box.offer("a".repeat(30), false);
        box.offer("b".repeat(30), false);
        assertThat(box.takeBatch(40)).isEqualTo("a".repeat(30));
        assertThat(box.takeBatch(40)).isEqualTo("b".repeat(30));
        box.close();
        assertThat(box.takeBatch(40)).isNull();
    }
}
