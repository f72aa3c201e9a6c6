package kairos.ops.telegram;

import kairos.engine.kernel.Decision;
import kairos.engine.kernel.DecisionJournal;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.Notifier;
import kairos.engine.kernel.TradingControl;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.telegram.TelegramComponent;
import org.apache.camel.component.telegram.TelegramConstants;
import org.apache.camel.component.telegram.model.IncomingMessage;
import org.apache.camel.component.telegram.model.OutgoingPhotoMessage;
import org.apache.camel.component.telegram.model.OutgoingTextMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Telegram side of a running session (camel-telegram, long-polling {@code getUpdates}): answers the commands of
 * {@link BotCommands} to whitelisted chats and users, and sends alerts ({@link #alerts()}), the rule-firing audit
 * of every trade decision ({@link #audits()}) and a heartbeat every five minutes of the wall clock to every
 * whitelisted chat. A message whose chat or sender is not whitelisted is not answered; the log names its chat and
 * user, never its text. The token is set on the component, so it appears in no endpoint URI; whatever the bot
 * logs has it redacted. Alerts, audits and heartbeats are queued and sent on a thread of the bot's own, so the
 * kernel never waits on Telegram.
 */
public final class TelegramBot implements AutoCloseable {
    static final long HEARTBEAT_MS = 5 * 60_000;
    static final long EQUITY_SAMPLE_MS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);
    private static final Pattern SECRET = Pattern.compile("(?i)(token|secret|api[_-]?key|password)(\\s*[=:]\\s*)\\S+");
    private static final int MAX_TEXT = 4_000;   // Telegram's limit is 4096 characters
    static final int OUTBOX_CAPACITY = 500;

    private final TelegramSettings settings;
    private final TradingControl control;
    private final BotCommands commands;
    private final ChartTape chart;
    private final RecentDecisions recent;
    private final AlertThrottle throttle;
    private final Clock wall;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final Outbox outbox;
    private final Thread sender;
    private final ScheduledExecutorService timer;
    private final PollErrors pollErrors;
    static final int POLL_BACKOFF_ERRORS = 3;
    static final int POLL_BACKOFF_SKIPS = 10;

    private TelegramBot(TelegramSettings settings, TradingControl control, Map<String, String> config,
                        double initialEquity, ChartTape chart, Clock wall) {
        this.settings = settings;
        this.control = control;
        this.chart = chart;
        this.recent = new RecentDecisions(50);
        this.wall = wall;
        this.throttle = new AlertThrottle(wall, settings.alertsPerMinute());
        this.commands = new BotCommands(control, config, initialEquity, chart, recent, wall);
        this.camel = new DefaultCamelContext();
        this.outbox = new Outbox(OUTBOX_CAPACITY);
        this.sender = daemon(this::sendLoop, "telegram-send");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "telegram-heartbeat"));
        TelegramComponent component = new TelegramComponent();
        component.setAuthorizationToken(settings.token());
        component.setBaseUri(settings.baseUrl());
        camel.addComponent("telegram", component);
        this.producer = camel.createProducerTemplate();
        this.pollErrors = new PollErrors(settings, wall);
    }

    /**
     * Starts polling and the heartbeat. {@code config} is what {@code /config} shows (no credentials);
     * {@code initialEquity} is what {@code /pnl} counts from.
     *
     * @throws IllegalStateException when Camel cannot start the route
     */
    public static TelegramBot start(TelegramSettings settings, TradingControl control, Map<String, String> config,
                                    double initialEquity, ChartTape chart, Clock wall) {
        TelegramBot bot = new TelegramBot(settings, control, config, initialEquity, chart, wall);
        try {
            bot.camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // after 3 failed polls in a row, 10 polls are skipped each time (a Telegram outage is not
                    // hammered); a failed poll is logged by PollErrors, redacted, not by Camel with the token in its URL
                    org.apache.camel.Endpoint polling = getContext().getEndpoint("telegram:bots?timeout="
                            + settings.pollTimeoutSeconds() + "&delay=" + settings.pollDelayMs()
                            + "&backoffErrorThreshold=" + POLL_BACKOFF_ERRORS + "&backoffMultiplier=" + POLL_BACKOFF_SKIPS);
                    ((org.apache.camel.support.DefaultEndpoint) polling).setExceptionHandler(bot.pollErrors);
                    from(polling)
                            .routeId("telegram-commands")
                            .process(bot::onUpdate);
                }
            });
            bot.camel.start();
            bot.sender.start();
        } catch (Exception e) {
            bot.close();
            throw new IllegalStateException("telegram: cannot start the bot: " + settings.redact(String.valueOf(e.getMessage())), e);
        }
        bot.timer.scheduleAtFixedRate(bot::heartbeat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
        bot.timer.scheduleAtFixedRate(bot::sampleEquity, 0, EQUITY_SAMPLE_MS, TimeUnit.MILLISECONDS);
        LOG.info("telegram: bot polling {} for {} chat(s), {} user(s)", settings.baseUrl(), settings.chatIds().size(),
                settings.userIds().size());
        return bot;
    }

    /** Alerts as Telegram messages, by level and rate-limited ({@link AlertThrottle}). */
    public Notifier alerts() {
        return this::alert;
    }

    /** Every decision: kept for {@code /signals} and the chart; a trade decision's audit is sent. */
    public DecisionJournal audits() {
        return this::audit;
    }

    void alert(Notifier.Alert a) {
        AlertThrottle.Admission admission = throttle.admit(a);
        if (!admission.send()) {
            return;
        }
        String icon = switch (a.level()) {
            case CRITICAL -> "\uD83D\uDEA8 ";
            case IMPORTANT -> "\u26A0\uFE0F ";
            case INFO -> "\u2139\uFE0F ";
        };
        String text = icon + a.level() + " " + a.type() + (a.symbol() == null ? "" : " " + a.symbol()) + " "
                + Instant.ofEpochMilli(a.ts()) + "\n" + (a.text() == null ? "" : a.text())
                + (admission.suppressedBefore() > 0 ? "\n(" + admission.suppressedBefore()
                + " more of these held back by the rate limit)" : "");
        broadcast(text, a.level() == Notifier.Level.CRITICAL);
    }

    void audit(Decision d) {
        recent.add(d);
        chart.onDecision(d);
        if (AuditText.isTradeDecision(d)) {
            broadcast(AuditText.of(d));
        }
    }

    /** The five-minute heartbeat (also called by tests). */
    void heartbeat() {
        heartbeat(BotCommands.KERNEL_TIMEOUT_MS);
    }

    /** The heartbeat, waiting {@code timeoutMs} for the kernel's status; without it, the heartbeat says so. */
    void heartbeat(long timeoutMs) {
        String text;
        try {
            KernelStatus s = control.status().get(timeoutMs, TimeUnit.MILLISECONDS);
            chart.equity(wall.millis(), s.equity());
            text = String.format(Locale.ROOT, "\u2764\uFE0F HEARTBEAT %s: %s %s, equity %.2f USDT, %d position(s), "
                            + "%d order(s), ruleset %s, venue %s", Instant.ofEpochMilli(wall.millis()), s.mode(),
                    s.paused() ? "paused (" + s.pauseReason() + ")" : "trading", s.equity(), s.positions().size(),
                    s.openOrders(), s.rulesetHash(), s.venueUp() ? "up" : "DOWN");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            text = "\uD83D\uDEA8 HEARTBEAT " + Instant.ofEpochMilli(wall.millis()) + ": the kernel did not answer "
                    + "within " + timeoutMs + " ms";
        }
        long held = throttle.takeSuppressed();
        if (held > 0) {
            text += "; " + held + " alert(s) held back by the rate limit since the last heartbeat";
        }
        broadcast(text);
    }

    private void sampleEquity() {
        try {
            chart.equity(wall.millis(), control.status().get(BotCommands.KERNEL_TIMEOUT_MS, TimeUnit.MILLISECONDS).equity());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("telegram: no equity sample: {}", settings.redact(String.valueOf(e.getMessage())));
        }
    }

    private void onUpdate(Exchange ex) {
        if (!(ex.getIn().getBody() instanceof IncomingMessage m)) {
            return;   // edits, callbacks, channel posts: no commands there
        }
        Long chat = m.getChat() == null ? null : parseId(m.getChat().getId());
        Long user = m.getFrom() == null ? null : m.getFrom().getId();
        if (!settings.allows(chat, user)) {
            LOG.warn("telegram: ignored a message from chat {} user {}: not whitelisted ({} / {})", chat, user,
                    settings.chatIds().contains(chat) ? "chat ok" : "chat not in KAIROS_TELEGRAM_CHAT_IDS",
                    settings.userIds().contains(user) ? "user ok" : "user not in KAIROS_TELEGRAM_USER_IDS");
            return;
        }
        String text = m.getText();
        if (text == null || !text.startsWith("/")) {
            return;
        }
        String cmd = text.strip().split("\\s+")[0];
        LOG.info("telegram: {} from chat {} user {}", cmd.length() > 40 ? cmd.substring(0, 40) : cmd, chat, user);
        BotCommands.Reply reply = commands.handle(text, "user " + user);
        send(String.valueOf(chat), reply);
    }

    /** Queues a message to every whitelisted chat; critical ones are never dropped for a full queue. */
    private void broadcast(String text, boolean critical) {
        outbox.offer(mask(text), critical);
    }

    private void broadcast(String text) {
        broadcast(text, false);
    }

    /**
     * The sender: takes what is queued, joins as many messages as fit in one Telegram message (so a burst of
     * decisions becomes a few messages, not one HTTP call each), sends it to every whitelisted chat, and waits
     * {@code sendIntervalMs} before the next (after close, what is left goes out without waiting).
     */
    private void sendLoop() {
        try {
            while (true) {
                String text = outbox.takeBatch(MAX_TEXT);
                if (text == null) {
                    return;
                }
                for (Long chat : settings.chatIds()) {
                    send(String.valueOf(chat), new BotCommands.Reply.Text(text));
                }
                if (settings.sendIntervalMs() > 0 && !outbox.closed()) {
                    Thread.sleep(settings.sendIntervalMs());   // Telegram's pace; what queues meanwhile goes out joined
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(String chat, BotCommands.Reply reply) {
        Object body = switch (reply) {
            case BotCommands.Reply.Text t -> {
                OutgoingTextMessage msg = new OutgoingTextMessage();
                String s = mask(t.text());
                msg.setText(s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "\n(cut)" : s);
                yield msg;
            }
            case BotCommands.Reply.Photo p -> {
                OutgoingPhotoMessage msg = new OutgoingPhotoMessage();
                msg.setPhoto(p.png());
                msg.setFilenameWithExtension("chart.png");
                msg.setCaption(mask(p.caption()));
                yield msg;
            }
        };
        int floodRetries = 0;
        int transientRetries = 0;
        while (true) {
            try {
                producer.sendBodyAndHeader("telegram:bots", body, TelegramConstants.TELEGRAM_CHAT_ID, chat);
                return;
            } catch (RuntimeException e) {
                long retryAfter = retryAfterSeconds(settings.redact(messages(e)));
                long waitMs;
                if (retryAfter >= 0 && floodRetries < MAX_RETRIES_429) {
                    // Telegram's flood control (HTTP 429): wait as long as it says, then send the same message again
                    floodRetries++;
                    waitMs = Math.min(retryAfter, MAX_RETRY_AFTER_S) * 1000L;
                    rateLimited.incrementAndGet();
                    LOG.warn("telegram: chat {}: too many requests, retrying in {} s ({}/{})", chat, waitMs / 1000,
                            floodRetries, MAX_RETRIES_429);
                } else if (retryAfter < 0 && isTransient(e) && transientRetries < MAX_RETRIES_TRANSIENT) {
                    // Telegram unreachable or failing (a network error, HTTP 5xx): the same message again, later
                    transientRetries++;
                    waitMs = transientWaitMs(settings.sendIntervalMs(), transientRetries);
                    LOG.warn("telegram: chat {}: Telegram did not take the message ({}), retrying in {} ms ({}/{})", chat,
                            settings.redact(rootMessage(e)), waitMs, transientRetries, MAX_RETRIES_TRANSIENT);
                } else {
                    LOG.warn("telegram: sending to chat {} failed: {}", chat, settings.redact(rootMessage(e)));
                    return;
                }
                try {
                    Thread.sleep(waitMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Times a message is sent again after a network error or an HTTP 5xx, waiting the send interval, then twice as
     * long each time (1, 2, 4, 8, 16 s at the default 1 s: about half a minute of Telegram being away), at most
     * {@link #MAX_TRANSIENT_WAIT_MS}; other 4xx answers (a chat the bot may not write to) are not retried.
     */
    static final int MAX_RETRIES_TRANSIENT = 5;
    static final long MAX_TRANSIENT_WAIT_MS = 30_000;

    static long transientWaitMs(long sendIntervalMs, int retry) {
        return Math.min(sendIntervalMs << Math.min(retry - 1, 20), MAX_TRANSIENT_WAIT_MS);
    }

    /**
     * A failure worth another try: a network error anywhere in the causes, or an HTTP status of 500 or above (camel-telegram
     * 4.18 says it in the message, "{@code <url> responded: 502{...}}"; an {@code HttpResponseAware} exception carries it).
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException
                    || t instanceof org.apache.camel.spi.HttpResponseAware h && h.getHttpResponseCode() >= 500) {
                return true;
            }
            java.util.regex.Matcher m = RESPONDED.matcher(String.valueOf(t.getMessage()));
            if (m.find() && Integer.parseInt(m.group(1)) >= 500) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern RESPONDED = java.util.regex.Pattern.compile("responded: (\\d{3})");

    /** Times a message is sent again after Telegram's 429; the wait, as Telegram asks but at most a minute. */
    static final int MAX_RETRIES_429 = 3;
    static final long MAX_RETRY_AFTER_S = 60;
    private static final java.util.regex.Pattern RETRY_AFTER =
            java.util.regex.Pattern.compile("(?i)retry[ _]after\\D{0,3}(\\d{1,6})");
    private final java.util.concurrent.atomic.AtomicLong rateLimited = new java.util.concurrent.atomic.AtomicLong();

    /** How often Telegram answered 429 (flood control) since the bot started. */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** The seconds a Telegram 429 asks to wait ("retry after N", {@code retry_after}), or -1 when it is no 429. */
    static long retryAfterSeconds(String message) {
        java.util.regex.Matcher m = RETRY_AFTER.matcher(message == null ? "" : message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(' ');
        }
        return b.toString();
    }

    private String mask(String text) {
        return SECRET.matcher(settings.redact(text)).replaceAll("$1$2***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static Long parseId(String id) {
        try {
            return id == null ? null : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops polling; what is queued is sent first (for up to five seconds). */
    @Override
    public void close() {
        timer.shutdownNow();
        outbox.close();
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        camel.stop();
    }

    /**
     * Failed polls for commands ({@code getUpdates}): camel-telegram's message carries the Bot API's URL, which holds
     * the token, so the failure is logged here, redacted, the first time and then at most once a minute of wall clock
     * with how many failed meanwhile (a Telegram outage is one line a minute, not one a second).
     */
    static final class PollErrors implements org.apache.camel.spi.ExceptionHandler {
        static final long REPORT_EVERY_MS = 60_000;
        private final TelegramSettings settings;
        private final Clock wall;
        private long unreported;
        private long reportedAt = Long.MIN_VALUE;

        PollErrors(TelegramSettings settings, Clock wall) {
            this.settings = settings;
            this.wall = wall;
        }

        @Override
        public void handleException(Throwable exception) {
            handleException(null, null, exception);
        }

        @Override
        public void handleException(String message, Throwable exception) {
            handleException(message, null, exception);
        }

        @Override
        public synchronized void handleException(String message, Exchange exchange, Throwable exception) {
            unreported++;
            long now = wall.millis();
            if (reportedAt != Long.MIN_VALUE && now - reportedAt < REPORT_EVERY_MS) {
                return;
            }
            LOG.warn("telegram: polling Telegram for commands failed{}: {}; trying again (commands wait meanwhile)",
                    unreported > 1 ? " " + unreported + " times since the last report" : "",
                    settings.redact(exception == null ? String.valueOf(message) : rootMessage(exception)));
            unreported = 0;
            reportedAt = now;
        }
    }

    /**
     * Messages waiting for the sender, at most {@code capacity} (critical alerts always get in). When Telegram cannot
     * keep up, the newest non-critical messages are dropped and counted; the next message sent says how many.
     */
    static final class Outbox {
        private final int capacity;
        private final java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
        private long dropped;
        private boolean closed;

        Outbox(int capacity) {
            this.capacity = capacity;
        }

        synchronized void offer(String text, boolean critical) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity && !critical) {
                dropped++;
                return;
            }
            queue.addLast(text);
            notifyAll();
        }

        /** Blocks for the next message, then joins what follows while it fits in {@code maxChars}; null once closed and empty. */
        synchronized String takeBatch(int maxChars) throws InterruptedException {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                wait();
            }
            StringBuilder b = new StringBuilder();
            if (dropped > 0) {
                b.append("(").append(dropped).append(" message(s) dropped: Telegram could not keep up; decisions.jsonl")
                        .append(" and the log have them all)");
                dropped = 0;
            }
            while (!queue.isEmpty() && (b.isEmpty() || b.length() + 2 + queue.peekFirst().length() <= maxChars)) {
                if (!b.isEmpty()) {
                    b.append("\n\n");
                }
                b.append(queue.pollFirst());
            }
            return b.toString();
        }

        synchronized boolean closed() {
            return closed;
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }
    }
}
