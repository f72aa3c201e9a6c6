package kairos.ops.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * The web dashboard: {@code GET /} (the page), {@code /dashboard/*} (its script and style) and {@code /webjars/*}
 * (the chart library, from the echarts webjar), all static files from the classpath and served without a token —
 * they hold no data. The page takes the token from the URL fragment ({@code /#token=…}, which the browser never
 * sends to a server) and uses it on the WebSocket streams and {@code /status}; every byte of data needs it.
 */
public final class DashboardRoutes extends RouteBuilder {
    static final String PAGE_ROOT = "kairos/ops/dashboard/";
    static final String WEBJARS_ROOT = "META-INF/resources/webjars/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "application/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "map", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon");

    /** The echarts webjar's version: the page asks for {@code /webjars/echarts/dist/…}, whatever the version. */
    static final String ECHARTS_VERSION = webjarVersion("echarts");

    static String webjarVersion(String name) {
        try (InputStream in = DashboardRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/" + name + "/pom.properties")) {
            if (in == null) {
                return null;
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void configure() {
        from("platform-http:/?httpMethodRestrict=GET").routeId("dashboard")
                .process(ex -> serve(ex, PAGE_ROOT + "index.html"));
        from("platform-http:/dashboard?httpMethodRestrict=GET&matchOnUriPrefix=true").routeId("dashboard-files")
                .process(ex -> serve(ex, under(PAGE_ROOT, ex, "/dashboard/")));
        from("platform-http:/webjars?httpMethodRestrict=GET&matchOnUriPrefix=true").routeId("dashboard-webjars")
                .process(ex -> serve(ex, under(WEBJARS_ROOT, ex, "/webjars/")));
    }

    /** The classpath resource a request names below {@code prefix}, or null for one that tries to climb out. */
    private static String under(String root, Exchange ex, String prefix) {
        String path = ex.getIn().getHeader(Exchange.HTTP_URI, String.class);
        if (path == null) {
            return null;
        }
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        if (!path.startsWith(prefix)) {
            return null;
        }
        String rest = path.substring(prefix.length());
        if (rest.isEmpty() || rest.contains("..") || rest.contains("\\") || rest.startsWith("/")) {
            return null;
        }
        if (root.equals(WEBJARS_ROOT) && ECHARTS_VERSION != null && rest.startsWith("echarts/dist/")) {
            rest = "echarts/" + ECHARTS_VERSION + rest.substring("echarts".length());
        }
        return root + rest;
    }

    private static void serve(Exchange ex, String resource) throws IOException {
        InputStream in = resource == null ? null : DashboardRoutes.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            ex.getMessage().setBody("{\"error\":\"no such file\"}");
            return;
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        }
        String ext = resource.substring(resource.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
        ex.getMessage().setHeader("Cache-Control", resource.startsWith(WEBJARS_ROOT) ? "max-age=86400" : "no-cache");
        ex.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        ex.getMessage().setHeader("Referrer-Policy", "no-referrer");
        ex.getMessage().setBody(body);
    }
}
