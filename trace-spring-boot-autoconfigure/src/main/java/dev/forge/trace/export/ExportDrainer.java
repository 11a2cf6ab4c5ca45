package dev.forge.trace.export;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.RemoteParent;
import dev.forge.trace.SpanBatch;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import dev.forge.trace.TraceService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one background drainer: every interval it takes the finished spans from the
 * {@link TraceService} in batches, as {@code GET /actuator/trace-spans} would (so a span
 * it takes is not also returned there), and hands each batch to every exporter. Exporting
 * runs on threads of its own, never blocks {@code start} or {@code end}, and holds at most
 * {@link ExportSettings#maxQueuedSpans()} spans per exporter. On {@link #close()} it
 * drains once more and sends what is left within the shutdown timeout, and logs how many
 * spans it could not send.
 */
public final class ExportDrainer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ExportDrainer.class);

	private final TraceService trace;

	private final ExportSettings settings;

	private final List<ExporterChannel> channels = new ArrayList<>();

	private final ScheduledExecutorService scheduler;

	private final TailSampler sampler;

	/**
	 * Creates and starts a drainer that exports every span.
	 * @param trace the service to drain
	 * @param exporters where spans go
	 * @param settings how it runs
	 */
	public ExportDrainer(TraceService trace, List<SpanExporter> exporters, ExportSettings settings) {
		this(trace, exporters, settings, ExportSampling.ALL);
	}

	/**
	 * Creates and starts a drainer.
	 * @param trace the service to drain
	 * @param exporters where spans go
	 * @param settings how it runs
	 * @param sampling which local traces are exported
	 */
	public ExportDrainer(TraceService trace, List<SpanExporter> exporters, ExportSettings settings,
			ExportSampling sampling) {
		this.trace = trace;
		this.settings = settings;
		// Spans waiting for their root are bounded like an exporter's queue.
		this.sampler = sampling.samples() ? new TailSampler(sampling.probability(), sampling.maxPerSecond(),
				sampling.decisionWait().toNanos(), settings.maxQueuedSpans(),
				() -> ThreadLocalRandom.current().nextDouble())
				: null;
		for (SpanExporter exporter : exporters) {
			this.channels.add(new ExporterChannel(exporter, settings));
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "trace-export-drainer");
			thread.setDaemon(true);
			return thread;
		});
		long interval = settings.interval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::drainSafely, interval, interval, TimeUnit.MILLISECONDS);
	}

	private void drainSafely() {
		try {
			drain();
		}
		catch (RuntimeException ex) {
			logger.warn("Draining spans for export failed: " + ex.getMessage(), ex);
		}
	}

	/** Takes every finished span now, a batch at a time, and hands the batches on. */
	public synchronized void drain() {
		while (true) {
			SpanBatch batch = this.trace.take(this.settings.maxBatch());
			// The exporters own these spans now: whatever happens next is counted by them.
			batch.commit();
			long[] skipped = new long[1];
			List<SpanRecord> records = followUpstream(batch.records(), skipped);
			if (this.sampler != null) {
				records = this.sampler.sample(records, System.nanoTime(), skipped);
			}
			if (!records.isEmpty() || skipped[0] > 0) {
				offer(records, skipped[0]);
			}
			if (batch.records().size() < this.settings.maxBatch()) {
				return;
			}
		}
	}

	/**
	 * Spans of traces that continue a remote one follow the caller's sampling decision: a
	 * complete distributed trace matters more than a local rule. Those the caller did not
	 * sample are recorded here but not exported (counted as sampled out); those it sampled
	 * are exported whatever tail sampling would decide.
	 */
	private List<SpanRecord> followUpstream(List<SpanRecord> records, long[] skipped) {
		TraceIds ids = this.trace.traceIds();
		List<SpanRecord> local = null;
		List<SpanRecord> upstream = null;
		for (int i = 0; i < records.size(); i++) {
			SpanRecord record = records.get(i);
			RemoteParent remote = ids.remoteParent(record.rootId());
			if (remote == null) {
				if (local != null) {
					local.add(record);
				}
				continue;
			}
			if (local == null) {
				local = new ArrayList<>(records.subList(0, i));
				upstream = new ArrayList<>();
			}
			if (remote.sampled()) {
				upstream.add(record);
			}
			else {
				skipped[0]++;
			}
		}
		if (local == null) {
			return records;
		}
		if (!upstream.isEmpty()) {
			offer(upstream, 0);
		}
		return local;
	}

	private void offer(List<SpanRecord> records, long sampledOut) {
		for (ExporterChannel channel : this.channels) {
			if (!records.isEmpty()) {
				channel.offer(records);
			}
			channel.sampledOut(sampledOut);
		}
	}

	/**
	 * Spans that tail sampling holds until their root ends, at most
	 * {@link ExportSettings#maxQueuedSpans()}.
	 * @return the number of spans waiting for their trace's decision
	 */
	public synchronized int waitingForRoot() {
		return (this.sampler != null) ? this.sampler.pendingSpans() : 0;
	}

	/**
	 * Local traces that tail sampling decided without their root, because their spans
	 * waited longer than the decision wait or too many spans were waiting.
	 * @return the number of such traces
	 */
	public synchronized long decidedWithoutRoot() {
		return (this.sampler != null) ? this.sampler.decidedWithoutRoot() : 0;
	}

	/**
	 * What each exporter did.
	 * @return the statistics, one per exporter
	 */
	public List<ExporterStats> stats() {
		return this.channels.stream().map(ExporterChannel::stats).toList();
	}

	/**
	 * Stops draining, exports what is left within the shutdown timeout and logs how many
	 * spans could not be sent; returns within the timeout, however the exporters behave.
	 */
	@Override
	public void close() {
		// The whole of shutdown fits in the timeout: the last drain, the sends, the closes.
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		this.scheduler.shutdownNow();
		drain();
		synchronized (this) {
			if (this.sampler != null) {
				long[] skipped = new long[1];
				offer(this.sampler.decideAll(System.nanoTime(), skipped), skipped[0]);
			}
		}
		for (ExporterChannel channel : this.channels) {
			try {
				int left = channel.close(deadline);
				if (left > 0) {
					logger.warn("Span exporter '" + channel.name() + "' could not send " + left
							+ " spans before the shutdown timeout");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
