package kairos.ops.metrics;

import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.TradingControl;
import kairos.ops.api.SessionStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes the kernel's status every {@code periodMs} through {@link TradingControl#status()} (a command queued onto
 * the kernel thread, answered between two events), feeds the account gauges of {@link SessionMetrics} and sends
 * the snapshot on {@code /stream/metrics}. A kernel that does not answer within a period is skipped, not waited
 * for twice.
 */
public final class StatusSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusSampler.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kairos-status-sampler");
        t.setDaemon(true);
        return t;
    });

    public StatusSampler(TradingControl control, SessionMetrics metrics, SessionStreams streams, long periodMs) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                KernelStatus s = control.status().get(Math.max(periodMs, 1_000), TimeUnit.MILLISECONDS);
                metrics.onStatus(s);
                streams.metrics(metrics.snapshot());
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.debug("the kernel did not answer the status sample within {} ms", periodMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("status sample failed: {}", e.toString());
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
