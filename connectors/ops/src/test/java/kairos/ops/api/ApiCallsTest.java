package kairos.ops.api;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a route's failures become answers: JSON with a code, never a stack trace, never the token. */
class ApiCallsTest {
    final ApiCalls calls = new ApiCalls("tok", 50);

    Exchange request(String token) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        if (token != null) {
            ex.getIn().setHeader("Authorization", "Bearer " + token);
        }
        return ex;
    }

    static int code(Exchange ex) {
        return ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    static String body(Exchange ex) {
        return ex.getMessage().getBody(String.class);
    }

    @Test
    void failuresOfAHandlerAreAnswersWithTheirCodes() throws Exception {
        Exchange thrown = request("tok");
        calls.guarded(ex -> { throw new IllegalStateException("boom", new RuntimeException("deep cause")); }).process(thrown);
        assertThat(code(thrown)).isEqualTo(500);
        assertThat(body(thrown)).contains("the request failed: deep cause").doesNotContain("tok").doesNotContain("\tat ");
        Exchange interrupted = request("tok");
        calls.guarded(ex -> { throw new InterruptedException(); }).process(interrupted);
        assertThat(code(interrupted)).isEqualTo(503);
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        Exchange missing = request("tok");
        calls.guarded(ex -> { throw ApiCalls.Answer.notFound("no such thing"); }).process(missing);
        assertThat(code(missing)).isEqualTo(404);
        Exchange wrong = request("other");
        calls.guarded(ex -> { throw new AssertionError("must not run"); }).process(wrong);
        assertThat(code(wrong)).isEqualTo(401);
        assertThat(wrong.getMessage().getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        Exchange open = request(null);
        calls.open(ex -> ApiCalls.error("fine")).process(open);
        assertThat(code(open)).isEqualTo(200);
    }

    @Test
    void theKernelsAnswerTimesOutFailsOrIsNotFound() {
        assertThatThrownBy(() -> calls.await(new CompletableFuture<>())).isInstanceOf(ApiCalls.Answer.class)
                .hasMessageContaining("did not answer within 50 ms");
        assertThatThrownBy(() -> calls.await(CompletableFuture.failedFuture(new NoSuchElementException("no BTCUSDT"))))
                .isInstanceOf(ApiCalls.Answer.class).hasMessageContaining("no BTCUSDT");
        assertThatThrownBy(() -> calls.await(CompletableFuture.failedFuture(new IllegalStateException("broken"))))
                .isInstanceOf(ApiCalls.Answer.class).hasMessageContaining("the kernel failed: broken");
    }
}
