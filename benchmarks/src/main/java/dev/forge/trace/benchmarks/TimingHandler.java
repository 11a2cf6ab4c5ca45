package dev.forge.trace.benchmarks;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * A Micrometer observation handler that takes the same three clock readings as a
 * TraceService span: wall-clock and monotonic at start, monotonic at stop.
 */
final class TimingHandler implements ObservationHandler<Observation.Context> {

	private static final String START_NANOS = "startNanos";

	private static final String STARTED_AT = "startedAt";

	private static final String DURATION_NANOS = "durationNanos";

	@Override
	public void onStart(Observation.Context context) {
		context.put(STARTED_AT, System.currentTimeMillis());
		context.put(START_NANOS, System.nanoTime());
	}

	@Override
	public void onStop(Observation.Context context) {
		long start = context.getRequired(START_NANOS);
		context.put(DURATION_NANOS, System.nanoTime() - start);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

}
