package kairos.engine.testing;

import kairos.engine.cep.CepEngine;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.DeliveryModel;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.VenueModel;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.Kernel;
import kairos.engine.kernel.KernelLoop;
import kairos.engine.kernel.KernelSettings;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.kernel.ReplayClock;
import kairos.engine.risk.HaltLimits;
import kairos.engine.risk.RiskGuard;
import kairos.engine.risk.RiskLimits;
import kairos.engine.rules.RuleEngine;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live kernel as a paper or live session builds it — event clock, live loop on its own thread, a simulated venue
 * (or the given real one, whose timeouts then run on {@code wall}) — for tests that post to its inbox.
 */
public final class LiveKernel implements AutoCloseable {
    public static final Instrument SOL = new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
            new BigDecimal("0.1"), new BigDecimal("5"));

    public final ReplayClock clock = new ReplayClock(TickTape.START - 60_000);
    public final List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
    public final List<String> alerts = new CopyOnWriteArrayList<>();
    public final RuleEngine rules;
    public final CepEngine cep;
    public final Kernel kernel;
    public final KernelLoop loop;
    public final Thread thread;

    public LiveKernel(Path rulesDir, ExecutionVenue realVenue, AtomicLong wall, boolean heartbeat) {
        this(rulesDir, ProjectDirs.cep(), realVenue, wall, heartbeat);
    }

    /** A live kernel on the EPL modules under {@code cepDir} (a copy a hot-reload test may edit). */
    public LiveKernel(Path rulesDir, Path cepDir, ExecutionVenue realVenue, AtomicLong wall, boolean heartbeat) {
        this.rules = RuleEngine.load(rulesDir, cepDir);
        KernelSettings settings = new KernelSettings("paper", List.of("SOLUSDT"), Timeframe.M1, Timeframe.M5,
                Map.of("SOLUSDT", SOL), rules.rulesetHash(), "none", HaltLimits.SPEC, 0, rulesDir,
                cepDir, heartbeat ? KernelSettings.LIVE_HEARTBEAT_MS : 0);
        this.kernel = new Kernel(settings, clock, rules, new RiskGuard(new RiskLimits(0.01, 3)),
                new Portfolio(10_000, VenueModel.DEFAULT.leverage()), decisions::add, ExecutionPolicy.DEFAULT);
        kernel.notifyTo(a -> alerts.add(a.type() + " " + a.text()));
        SimulatedVenue venue = null;
        if (realVenue == null) {
            venue = new SimulatedVenue(VenueModel.DEFAULT, clock, kernel.inbox()::deliver, DeliveryModel.PERFECT);
            kernel.connect(venue);
        } else {
            kernel.connect(realVenue);
            kernel.realVenue(wall::get);
        }
        this.cep = CepEngine.load(cepDir, clock.millis(), kernel::onPattern);
        kernel.attach(cep);
        this.loop = KernelLoop.live(kernel, null, venue, clock, wall::get);
        this.thread = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kernel");
        thread.start();
    }

    public SimulatedVenue simulated() {
        return (SimulatedVenue) kernel.venue();
    }

    /** Waits until the kernel has taken everything posted (a status command queued last has been answered). */
    public void drain() throws Exception {
        kernel.control().status().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        loop.stop();
        kernel.inbox().post(new MarketBatch(List.of(), false, 0));   // wakes the loop
        thread.join(10_000);
        cep.close();
        rules.close();
    }
}
