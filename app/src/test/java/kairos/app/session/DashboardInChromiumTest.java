package kairos.app.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.domain.MarketEvent;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import kairos.ops.api.ControlApi;
import kairos.ops.api.SessionStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web dashboard of a paper session in headless Chromium, driven over the DevTools protocol: the page loads with
 * the token from its URL fragment, connects to the streams, and a decision the kernel takes after that arrives in
 * the DOM (live, not from the backlog); the screenshot goes to {@code target/dashboard-screenshot.png} and
 * {@code docs/dashboard.png} (with {@code KAIROS_UPDATE_DOCS=1}). Skipped where Chromium is not installed (Debian: {@code apt-get install chromium};
 * {@code .ci/run} installs it when it runs as root).
 */
class DashboardInChromiumTest {
    static final String TOKEN = "dash-token";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theDashboardShowsADecisionArriving() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null, "Chromium is not installed (Debian: apt-get install chromium); the dashboard "
                + "browser test is skipped");
        int port = freePort();
        List<Decision> journaled = Collections.synchronizedList(new ArrayList<>());
        TradingSession.Spec spec = PaperSessionProcess.spec(Files.createDirectories(tmp.resolve("store")),
                TestRules.enterAndLeave(tmp.resolve("rules"), false), ProjectDirs.cep());
        Process browser = null;
        // the profile lives outside the test's folder: Chromium's last writes to it may come after it has ended
        Path profile = Files.createTempDirectory("kairos-chromium-");
        try (SessionOps ops = new SessionOps(10_000, System::currentTimeMillis);
             TradingSession session = TradingSession.live(spec, null, System::currentTimeMillis,
                     TickTape.START - 60_000, ops.notifier(a -> { }), ops.decisions(journaled::add), ops.interposers())) {
            ops.start(new ControlApi.Settings("127.0.0.1", port, TOKEN), session.kernel());
            Thread kernel = new Thread(() -> {
                try {
                    session.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kernel");
            kernel.start();
            try {
                browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-breakpad", "--disable-crash-reporter", "--hide-scrollbars",
                        "--remote-debugging-port=0",
                        "--remote-allow-origins=*", "--window-size=1280,1100",
                        "--user-data-dir=" + profile,
                        "http://127.0.0.1:" + port + "/#token=" + TOKEN).redirectErrorStream(true).start();
                int devtools = devToolsPort(browser);
                try (Cdp page = Cdp.connect(pageSocket(devtools))) {
                    // the page is up and subscribed before the kernel decides anything
                    awaitSubscribed(ops.streams(), SessionStreams.Topic.DECISIONS);
                    awaitSubscribed(ops.streams(), SessionStreams.Topic.METRICS);
                    assertThat(journaled).isEmpty();
                    for (MarketEvent e : TickTape.of(21, TickTape.START, 90, true, TickTape.SOL)) {
                        MarketBatch b = MarketBatch.of(List.of(e), System.currentTimeMillis());
                        ops.onBatch(b, false);
                        session.post(b);
                    }
                    session.kernel().control().status().get(60, TimeUnit.SECONDS);
                    assertThat(journaled).as("the kernel decided").isNotEmpty();

                    String liveRows = "document.querySelectorAll('#decisions tr[data-live=\"true\"]').length";
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (page.evalNumber(liveRows) < journaled.size() || !page.evalString(
                            "document.getElementById('equity').textContent").matches("[0-9.]+")) {
                        assertThat(System.nanoTime()).as("the decisions and the account reached the page").isLessThan(until);
                        Thread.sleep(200);
                    }
                    String firstId = page.evalString("document.querySelector('#decisions tbody tr:last-child').dataset.decisionId");
                    assertThat(firstId).isEqualTo(journaled.getFirst().id());
                    assertThat(page.evalString("document.getElementById('symbols').textContent")).contains("SOLUSDT");
                    assertThat(page.evalString("document.getElementById('conn').textContent")).isEqualTo("live");
                    assertThat(page.evalString("location.hash")).as("the token left the address bar").isEmpty();
                    assertThat(page.evalString("document.getElementById('error').hidden ? 'ok' : "
                            + "document.getElementById('error').textContent")).isEqualTo("ok");
                    assertThat(page.evalNumber("document.querySelectorAll('#chart canvas').length")).isPositive();
                    Thread.sleep(1_500);   // one more metrics sample: the chart has its price line

                    ObjectNode shot = JSON.createObjectNode().put("format", "png");
                    byte[] png = Base64.getDecoder().decode(page.call("Page.captureScreenshot", shot).get("data").asText());
                    assertThat(png.length).isGreaterThan(10_000);
                    Path target = Path.of("target", "dashboard-screenshot.png");
                    Files.createDirectories(target.getParent());
                    Files.write(target, png);
                    Path docs = Path.of("..", "docs");
                    // docs/dashboard.png is refreshed on request only: a test run leaves the checkout as it was
                    if (Files.isDirectory(docs) && "1".equals(System.getenv("KAIROS_UPDATE_DOCS"))) {
                        Files.write(docs.resolve("dashboard.png"), png);
                    }
                }
            } finally {
                session.stop();
                session.post(new MarketBatch(List.of(), false, 0));
                kernel.join(10_000);
            }
        } finally {
            if (browser != null) {
                // Chromium's helper processes (renderer, GPU, zygote) outlive the main one and keep writing the
                // profile: end them all before the temporary folder is deleted
                List<ProcessHandle> helpers = browser.toHandle().descendants().toList();
                browser.destroy();
                browser.waitFor(10, TimeUnit.SECONDS);
                for (ProcessHandle h : helpers) {
                    h.destroyForcibly();
                }
                for (ProcessHandle h : helpers) {
                    h.onExit().get(10, TimeUnit.SECONDS);
                }
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (var walk = Files.walk(profile)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (java.io.IOException | RuntimeException e) {
                // a file Chromium still wrote as it ended: left in the system's temporary folder
            }
        }
    }

    static void awaitSubscribed(SessionStreams streams, SessionStreams.Topic topic) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (streams.subscribers(topic) < 1) {
            assertThat(System.nanoTime()).as("the page subscribed to %s", topic).isLessThan(until);
            Thread.sleep(50);
        }
    }

    /** Chromium prints "DevTools listening on ws://127.0.0.1:PORT/..." once it is up. */
    static int devToolsPort(Process browser) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            Pattern p = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = p.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("chromium ended without a DevTools port"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    static URI pageSocket(int devtools) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devtools + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode t : JSON.readTree(body)) {
                if ("page".equals(t.path("type").asText()) && t.path("url").asText().startsWith("http://127.0.0.1")) {
                    return URI.create(t.get("webSocketDebuggerUrl").asText());
                }
            }
            assertThat(System.nanoTime()).as("chromium opened the page").isLessThan(until);
            Thread.sleep(100);
        }
    }

    /** A minimal DevTools-protocol client on the JDK's WebSocket. */
    static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder part = new StringBuilder();
        private WebSocket ws;

        static Cdp connect(URI uri) throws Exception {
            Cdp c = new Cdp();
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).get(30, TimeUnit.SECONDS);
            return c;
        }

        JsonNode call(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
            m.set("params", params);
            ws.sendText(m.toString(), true).get(10, TimeUnit.SECONDS);
            JsonNode answer = f.get(30, TimeUnit.SECONDS);
            assertThat(answer.has("error")).as("%s: %s", method, answer).isFalse();
            return answer.get("result");
        }

        JsonNode eval(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                    .put("returnByValue", true));
            assertThat(r.has("exceptionDetails")).as("%s: %s", expression, r).isFalse();
            return r.get("result").get("value");
        }

        String evalString(String expression) throws Exception {
            JsonNode v = eval(expression);
            return v == null || v.isNull() ? "" : v.asText();
        }

        double evalNumber(String expression) throws Exception {
            JsonNode v = eval(expression);
            return v == null ? Double.NaN : v.asDouble();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(part.toString());
                    CompletableFuture<JsonNode> f = m.has("id") ? pending.remove(m.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(m);
                    }
                } catch (Exception e) {
                    // an event we do not read
                }
                part.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
