package kairos.ops.telegram;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Draws {@code /chart}: the symbol's price (one-minute closes) with entries (green triangles, pointing the trade's
 * way) and exits (red squares) on the upper panel, the account's equity on the lower one, both on one time axis.
 * Java2D off screen (headless), encoded as PNG.
 */
final class ChartImage {
    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final Color PRICE = new Color(0x1f, 0x6f, 0xd1);
    private static final Color EQUITY = new Color(0x6a, 0x3d, 0x9a);
    private static final Color BUY = new Color(0x1a, 0x9e, 0x3a);
    private static final Color EXIT = new Color(0xd6, 0x27, 0x28);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartImage() {
    }

    static byte[] png(ChartTape.Snapshot s) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            long t0 = Long.MAX_VALUE;
            long t1 = Long.MIN_VALUE;
            for (ChartTape.Point p : s.prices()) {
                t0 = Math.min(t0, p.time());
                t1 = Math.max(t1, p.time());
            }
            for (ChartTape.Point p : s.equity()) {
                t0 = Math.min(t0, p.time());
                t1 = Math.max(t1, p.time());
            }
            if (t0 == Long.MAX_VALUE) {
                t0 = 0;
                t1 = 1;
            } else if (t1 == t0) {
                t1 = t0 + 60_000;
            }
            int priceTop = 40;
            int priceBottom = 380;
            int eqTop = 420;
            int eqBottom = 560;
            g.setColor(Color.BLACK);
            g.drawString(s.symbol() + " price, entries and exits", LEFT, 25);
            g.drawString("equity (USDT)", LEFT, eqTop - 8);
            Range pr = Range.of(s.prices(), s.marks());
            panel(g, s.prices(), pr, t0, t1, priceTop, priceBottom, PRICE);
            for (ChartTape.Mark m : s.marks()) {
                if (m.time() < t0 || m.time() > t1) {
                    continue;
                }
                int x = x(m.time(), t0, t1);
                int y = pr.y(m.price(), priceTop, priceBottom);
                if (m.entry()) {
                    boolean up = !"Sell".equalsIgnoreCase(m.side());
                    g.setColor(BUY);
                    g.fillPolygon(up ? new Polygon(new int[]{x - 7, x + 7, x}, new int[]{y + 12, y + 12, y}, 3)
                            : new Polygon(new int[]{x - 7, x + 7, x}, new int[]{y - 12, y - 12, y}, 3));
                } else {
                    g.setColor(EXIT);
                    g.fillRect(x - 5, y - 5, 10, 10);
                }
            }
            panel(g, s.equity(), Range.of(s.equity(), List.of()), t0, t1, eqTop, eqBottom, EQUITY);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Instant.ofEpochMilli(t0).toString(), LEFT, HEIGHT - 12);
            String end = Instant.ofEpochMilli(t1).toString();
            g.drawString(end, WIDTH - RIGHT - g.getFontMetrics().stringWidth(end), HEIGHT - 12);
            if (s.prices().isEmpty()) {
                g.drawString("no prices yet: the chart fills as one-minute bars close", LEFT + 20, priceTop + 40);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void panel(Graphics2D g, List<ChartTape.Point> pts, Range r, long t0, long t1, int top, int bottom,
                              Color color) {
        g.setColor(new Color(0xee, 0xee, 0xee));
        g.fillRect(LEFT, top, WIDTH - LEFT - RIGHT, bottom - top);
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, bottom - top);
        if (pts.isEmpty()) {
            return;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "%.2f", r.hi), 5, top + 12);
        g.drawString(String.format(Locale.ROOT, "%.2f", r.lo), 5, bottom);
        g.setColor(color);
        g.setStroke(new BasicStroke(1.6f));
        int px = -1;
        int py = -1;
        for (ChartTape.Point p : pts) {
            int x = x(p.time(), t0, t1);
            int y = r.y(p.value(), top, bottom);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            } else {
                g.fillOval(x - 2, y - 2, 4, 4);
            }
            px = x;
            py = y;
        }
    }

    private static int x(long t, long t0, long t1) {
        return LEFT + (int) Math.round((double) (t - t0) / (t1 - t0) * (WIDTH - LEFT - RIGHT));
    }

    private record Range(double lo, double hi) {
        static Range of(List<ChartTape.Point> pts, List<ChartTape.Mark> marks) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (ChartTape.Point p : pts) {
                lo = Math.min(lo, p.value());
                hi = Math.max(hi, p.value());
            }
            for (ChartTape.Mark m : marks) {
                lo = Math.min(lo, m.price());
                hi = Math.max(hi, m.price());
            }
            if (lo == Double.POSITIVE_INFINITY) {
                return new Range(0, 1);
            }
            double pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(hi) * 0.01, 1);
            return new Range(lo - pad, hi + pad);
        }

        int y(double v, int top, int bottom) {
            return bottom - (int) Math.round((v - lo) / (hi - lo) * (bottom - top));
        }
    }
}
