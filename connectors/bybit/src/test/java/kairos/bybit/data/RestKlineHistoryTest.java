package kairos.bybit.data;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The back-fill's public endpoints: what each answer means, which failures are asked again and how a failure reads. */
class RestKlineHistoryTest {
    WireMockServer server;
    RestKlineHistory history;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        history = new RestKlineHistory(URI.create(server.baseUrl()), Duration.ofSeconds(5), 1);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void serverTimeFromNanosOrSecondsElseAClearError() throws IOException {
        server.stubFor(get(urlPathEqualTo("/v5/market/time")).willReturn(okJson(
                "{\"retCode\":0,\"result\":{\"timeSecond\":\"1746000000\",\"timeNano\":\"1746000000123456789\"}}")));
        assertThat(history.serverTime()).isEqualTo(1_746_000_000_123L);
        server.stubFor(get(urlPathEqualTo("/v5/market/time")).willReturn(okJson(
                "{\"retCode\":0,\"result\":{\"timeSecond\":\"1746000000\"}}")));
        assertThat(history.serverTime()).isEqualTo(1_746_000_000_000L);
        server.stubFor(get(urlPathEqualTo("/v5/market/time")).willReturn(okJson(
                "{\"retCode\":0,\"result\":{\"timeNano\":\"soon\"}}")));
        assertThatThrownBy(history::serverTime).isInstanceOf(IOException.class).hasMessageContaining("timeNano 'soon' is not a number");
        server.stubFor(get(urlPathEqualTo("/v5/market/time")).willReturn(okJson("{\"retCode\":0,\"result\":{}}")));
        assertThatThrownBy(history::serverTime).hasMessageStartingWith("GET /v5/market/time: no timeNano or timeSecond in");
    }

    @Test
    void marketTimeIsTheNewestKlinesOpenTime() throws IOException {
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).willReturn(okJson("{\"retCode\":0,\"result\":{\"list\":"
                + "[[\"1746000060000\",\"150\",\"151\",\"149\",\"150.5\",\"10\",\"1500\"],"
                + "[\"1746000000000\",\"149\",\"150\",\"148\",\"150\",\"12\",\"1800\"]]}}")));
        assertThat(history.marketTime("SOLUSDT")).isEqualTo(1_746_000_060_000L);
        server.verify(getRequestedFor(urlPathEqualTo("/v5/market/kline")).withQueryParam("symbol", equalTo("SOLUSDT"))
                .withQueryParam("interval", equalTo("1")).withQueryParam("limit", equalTo("2")));
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).willReturn(okJson("{\"retCode\":0,\"result\":{\"list\":[]}}")));
        assertThatThrownBy(() -> history.marketTime("SOLUSDT")).hasMessageContaining("no kline in the answer");
    }

    @Test
    void aServerErrorOrARateLimitIsAskedAgainAndAClientErrorIsNot() throws IOException {
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).inScenario("k").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("limited"));
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).inScenario("k").whenScenarioStateIs("limited")
                .willReturn(okJson("{\"retCode\":10006,\"retMsg\":\"Too many visits!\"}")).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).inScenario("k").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"retCode\":0,\"result\":{\"list\":[]}}")));
        KlineHistory.Page page = history.klines("SOLUSDT", 1_000, 2_000, 200);
        assertThat(page.body()).contains("\"list\":[]");
        server.verify(3, getRequestedFor(urlPathEqualTo("/v5/market/kline")).withQueryParam("start", equalTo("1000"))
                .withQueryParam("end", equalTo("2000")).withQueryParam("limit", equalTo("200")));

        server.resetAll();
        server.stubFor(get(urlPathEqualTo("/v5/market/kline")).willReturn(aResponse().withStatus(400).withBody("bad symbol")));
        assertThatThrownBy(() -> history.klines("NOPE", 1_000, 2_000, 200)).isInstanceOf(IOException.class)
                .hasMessage("GET /v5/market/kline failed: HTTP 400 bad symbol");
        server.verify(1, getRequestedFor(urlPathEqualTo("/v5/market/kline")));
    }

    @Test
    void afterEveryAttemptFailsTheErrorNamesTheEndpointAndTheLastAnswer() {
        server.stubFor(get(urlPathEqualTo("/v5/market/time")).willReturn(aResponse().withStatus(502).withBody("x".repeat(500))));
        assertThatThrownBy(history::serverTime).isInstanceOf(IOException.class)
                .hasMessage("GET /v5/market/time failed: HTTP 502 " + "x".repeat(200) + "...");
        server.verify(RestKlineHistory.ATTEMPTS, getRequestedFor(urlPathEqualTo("/v5/market/time")));
        server.stop();
        assertThatThrownBy(history::serverTime).as("nothing listening").isInstanceOf(IOException.class)
                .hasMessageStartingWith("GET /v5/market/time failed: ConnectException");
    }
}
