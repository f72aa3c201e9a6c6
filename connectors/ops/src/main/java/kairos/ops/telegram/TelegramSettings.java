package kairos.ops.telegram;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the bot reaches Telegram and whom it answers. {@code token} is the BotFather token ({@code TELEGRAM_BOT_TOKEN});
 * it is never printed ({@link #toString()} masks it). A message is answered only when both its chat id is in
 * {@code chatIds} and its sender's user id is in {@code userIds}; alerts and audits go to every chat in
 * {@code chatIds}. {@code alertsPerMinute} caps the alerts of one type for one symbol; {@code pollTimeoutSeconds}
 * is the long-poll of {@code getUpdates} (0 for a fake server that answers at once), {@code pollDelayMs} the pause
 * between two polls, {@code sendIntervalMs} the least time between two broadcast messages (Telegram allows about one
 * a second per chat; what queues meanwhile is joined into the next message) and the first wait before a message
 * Telegram did not take (a network error, HTTP 5xx) is sent again, doubled at each retry.
 */
public record TelegramSettings(String baseUrl, String token, Set<Long> chatIds, Set<Long> userIds,
                               int alertsPerMinute, int pollTimeoutSeconds, long pollDelayMs, long sendIntervalMs) {
    public static final String DEFAULT_BASE_URL = "https://api.telegram.org";

    public TelegramSettings {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : stripSlash(baseUrl.strip());
        URI u;
        try {
            u = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("telegram.base_url / KAIROS_TELEGRAM_BASE_URL: '" + baseUrl
                    + "' is not a URL; use https://api.telegram.org or your Bot API server's address");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("telegram.base_url / KAIROS_TELEGRAM_BASE_URL: '" + baseUrl
                    + "' is not an http(s) URL; use https://api.telegram.org or your Bot API server's address");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("TELEGRAM_BOT_TOKEN is not set: the bot needs the token BotFather gave");
        }
        if (alertsPerMinute < 1) {
            throw new IllegalArgumentException("telegram.alerts_per_minute must be at least 1, got " + alertsPerMinute);
        }
        if (pollTimeoutSeconds < 0 || pollDelayMs < 0 || sendIntervalMs < 0) {
            throw new IllegalArgumentException("telegram: poll timeout, poll delay and send interval must not be negative");
        }
        chatIds = Set.copyOf(chatIds);
        userIds = Set.copyOf(userIds);
    }

    /**
     * The settings from the environment ({@code TELEGRAM_BOT_TOKEN}, {@code KAIROS_TELEGRAM_CHAT_IDS},
     * {@code KAIROS_TELEGRAM_USER_IDS}, {@code KAIROS_TELEGRAM_BASE_URL} over {@code configBaseUrl}); null when no
     * token is set (Telegram off).
     *
     * @throws IllegalArgumentException naming the variable when an id list is not comma-separated integers
     */
    public static TelegramSettings fromEnv(Map<String, String> env, String configBaseUrl, int alertsPerMinute) {
        String token = env.get("TELEGRAM_BOT_TOKEN");
        if (token == null || token.isBlank()) {
            return null;
        }
        String base = env.get("KAIROS_TELEGRAM_BASE_URL");
        return new TelegramSettings(base == null || base.isBlank() ? configBaseUrl : base, token.strip(),
                ids("KAIROS_TELEGRAM_CHAT_IDS", env.get("KAIROS_TELEGRAM_CHAT_IDS")),
                ids("KAIROS_TELEGRAM_USER_IDS", env.get("KAIROS_TELEGRAM_USER_IDS")), alertsPerMinute, 30, 1_000, 1_000);
    }

    /** Comma-separated ids ({@code -100123} for a group is fine); blank: none. */
    static Set<Long> ids(String variable, String list) {
        Set<Long> out = new LinkedHashSet<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String part : list.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                out.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(variable + ": '" + p + "' is not a Telegram id; use comma-separated "
                        + "numbers such as 123456789,-1001234567890 (ask @userinfobot for yours)");
            }
        }
        return out;
    }

    /** Whether a message from this chat and this user is answered. */
    public boolean allows(Long chatId, Long userId) {
        return chatId != null && userId != null && chatIds.contains(chatId) && userIds.contains(userId);
    }

    /** {@code text} with every occurrence of the token replaced by {@code ***} (for anything logged). */
    public String redact(String text) {
        return text == null ? null : text.replace(token, "***");
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "TelegramSettings[baseUrl=" + baseUrl + ", token=***, chats=" + chatIds + ", users=" + userIds
                + ", alertsPerMinute=" + alertsPerMinute + "]";
    }
}
