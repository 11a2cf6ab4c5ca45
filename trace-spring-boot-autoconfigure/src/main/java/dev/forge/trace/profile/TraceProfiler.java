package dev.forge.trace.profile;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.forge.trace.KeptTrace;
import dev.forge.trace.TraceService;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Streams the JDK's flight recorder in-process ({@code jdk.jfr.consumer.RecordingStream},
 * its own recording, beside any the user runs) on a daemon thread while the application
 * runs, and gives every kept trace its profile: CPU samples ({@code jdk.ExecutionSample})
 * and waits (sleep, park, monitor enter and wait, socket and file reads and writes, above
 * a threshold) on the threads of its spans while they ran, and GC pauses that overlapped
 * it. Where the recorder cannot run, one line says so and tracing goes on without profiles.
 */
public final class TraceProfiler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(TraceProfiler.class);

	// Event type -> the wait kind it is; the CPU sample and GC pauses apart.
	private static final Map<String, String> WAITS = Map.of("jdk.ThreadSleep", "sleep", "jdk.ThreadPark", "park",
			"jdk.JavaMonitorEnter", "monitor-enter", "jdk.JavaMonitorWait", "monitor-wait", "jdk.SocketRead",
			"socket-read", "jdk.SocketWrite", "socket-write", "jdk.FileRead", "file-read", "jdk.FileWrite",
			"file-write");

	private final TraceService trace;

	private final ProfileCollector collector;

	private final Duration period;

	private final Duration waitThreshold;

	private final Set<String> waitKinds;

	// Frames are few and repeat endlessly: one string each.
	private final Map<String, String> frames = new ConcurrentHashMap<>();

	// The recorder hands a stack it saw again as the same object (an idle pool thread parks
	// with one stack every time), so each is turned into frame names once. The stream's
	// thread alone uses it; emptied when large, so old recordings' objects go.
	private final Map<RecordedStackTrace, List<String>> stacks = new IdentityHashMap<>();

	private volatile @Nullable RecordingStream stream;

	// Where recordings come from: the JDK's, or in tests one that cannot start.
	private Supplier<RecordingStream> recordings = RecordingStream::new;

	/**
	 * Creates a profiler recording every kind of wait.
	 * @param trace the tracer whose kept traces get profiles
	 * @param period how often running threads are sampled
	 * @param waitThreshold the shortest wait recorded
	 * @param maxStacksPerTrace the most distinct stacks and waits kept per trace
	 * @param maxBytes the most memory the profiles hold, roughly
	 */
	public TraceProfiler(TraceService trace, Duration period, Duration waitThreshold, int maxStacksPerTrace,
			long maxBytes) {
		this(trace, period, waitThreshold, Set.copyOf(TraceProfile.WAIT_KINDS), maxStacksPerTrace, maxBytes);
	}

	/**
	 * Creates a profiler.
	 * @param trace the tracer whose kept traces get profiles
	 * @param period how often running threads are sampled
	 * @param waitThreshold the shortest wait recorded
	 * @param waitKinds the kinds of wait recorded, among {@link TraceProfile#WAIT_KINDS}; GC
	 * pauses always are
	 * @param maxStacksPerTrace the most distinct stacks and waits kept per trace
	 * @param maxBytes the most memory the profiles hold, roughly
	 */
	public TraceProfiler(TraceService trace, Duration period, Duration waitThreshold, Set<String> waitKinds,
			int maxStacksPerTrace, long maxBytes) {
		this.trace = trace;
		this.period = period;
		this.waitThreshold = waitThreshold;
		this.waitKinds = Set.copyOf(waitKinds);
		this.collector = new ProfileCollector(Duration.ofSeconds(10).toNanos(), 20_000, maxStacksPerTrace, maxBytes,
				period.toNanos() / 1e6);
	}

	@Override
	public void start() {
		try {
			RecordingStream recording = this.recordings.get();
			recording.enable("jdk.ExecutionSample").withPeriod(this.period);
			WAITS.forEach((type, kind) -> {
				if (this.waitKinds.contains(kind)) {
					recording.enable(type).withThreshold(this.waitThreshold).withStackTrace();
				}
			});
			recording.enable("jdk.GCPhasePause").withThreshold(Duration.ZERO);
			recording.onEvent(this::onEvent);
			recording.onFlush(this::onFlush);
			recording.startAsync();
			this.stream = recording;
		}
		catch (RuntimeException | Error ex) {
			// Not there (another JVM), not allowed, or out of recordings: tracing goes on.
			logger.warn("Trace profiles are off: the JDK's flight recorder could not be started (" + ex + ")");
		}
	}

	/** For tests: where recordings come from. */
	void recordings(Supplier<RecordingStream> recordings) {
		this.recordings = recordings;
	}

	@Override
	public void stop() {
		RecordingStream recording = this.stream;
		this.stream = null;
		if (recording != null) {
			recording.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.stream != null;
	}

	/**
	 * The profile of a kept trace.
	 * @param id the root's local id, or the trace's 32-hex id
	 * @return the profile so far, or {@code null} when the trace is not kept or the
	 * recorder is not streaming
	 */
	public @Nullable TraceProfile profile(String id) {
		if (!isRunning()) {
			// Not streaming (it could not start, or it stopped): no profile says anything.
			return null;
		}
		onFlush();
		return this.collector.profile(id);
	}

	/** @return what the profiler took in, kept and dropped, and what its profiles hold */
	public ProfilerStats stats() {
		long[] counts = this.collector.counts();
		return new ProfilerStats(isRunning(), counts[0], counts[1], counts[2], this.collector.bytes());
	}

	private void onEvent(RecordedEvent event) {
		String type = event.getEventType().getName();
		long start = epochNanos(event.getStartTime());
		if (type.equals("jdk.GCPhasePause")) {
			this.collector.event(new ProfileEvent(ProfileEvent.GC, -1, start, event.getDuration().toNanos(), List.of()));
			return;
		}
		boolean sample = type.equals("jdk.ExecutionSample");
		RecordedThread thread = sample ? event.getThread("sampledThread") : event.getThread();
		if (thread == null) {
			return;
		}
		this.collector.event(new ProfileEvent(sample ? ProfileEvent.CPU : WAITS.get(type), thread.getJavaThreadId(),
				start, sample ? 0 : event.getDuration().toNanos(), stack(event.getStackTrace())));
	}

	private List<String> stack(@Nullable RecordedStackTrace trace) {
		if (trace == null) {
			return List.of();
		}
		List<String> known = this.stacks.get(trace);
		if (known == null) {
			if (this.stacks.size() >= 4096) {
				this.stacks.clear();
			}
			known = frameNames(trace);
			this.stacks.put(trace, known);
		}
		return known;
	}

	private List<String> frameNames(RecordedStackTrace trace) {
		List<RecordedFrame> recorded = trace.getFrames();
		// A stack deeper than the recorder keeps has lost its outermost frames: it starts with a
		// frame that says so, so a flame graph does not draw it as a root beside the whole ones.
		int outer = trace.isTruncated() ? 1 : 0;
		String[] stack = new String[recorded.size() + outer];
		if (outer == 1) {
			stack[0] = TraceProfile.TRUNCATED;
		}
		// The recorder lists the innermost frame first.
		for (int i = 0; i < recorded.size(); i++) {
			RecordedFrame frame = recorded.get(i);
			String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
			stack[stack.length - 1 - i] = this.frames.computeIfAbsent(name, (key) -> key);
		}
		return List.of(stack);
	}

	private synchronized void onFlush() {
		List<KeptTrace> kept = this.trace.keptTraces();
		this.collector.kept(kept);
		Set<Long> roots = new HashSet<>();
		kept.forEach((trace) -> roots.add(trace.root().id()));
		this.collector.advance(epochNanos(Instant.now()), roots);
		if (this.frames.size() > 100_000) {
			this.frames.clear();
		}
	}

	private static long epochNanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	@Override
	public int getPhase() {
		// Started after the web server (it profiles what the server serves), stopped before.
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

}
