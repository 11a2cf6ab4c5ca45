package dev.forge.trace.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter that threads update, alone on its cache lines (see {@link LeadingPadding}): an
 * {@code AtomicLong} sits wherever it was allocated, often on the line of a field read on
 * every span, which each update would then take from every other core.
 */
final class PaddedCounter extends LeadingPadding {

	private static final VarHandle VALUE;

	static {
		try {
			VALUE = MethodHandles.lookup().findVarHandle(PaddedCounter.class, "value", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile long value;

	long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	PaddedCounter(long value) {
		this.value = value;
	}

	long get() {
		return this.value;
	}

	void set(long value) {
		this.value = value;
	}

	boolean compareAndSet(long expected, long value) {
		return VALUE.compareAndSet(this, expected, value);
	}

	long getAndIncrement() {
		return (long) VALUE.getAndAdd(this, 1L);
	}

	void add(long delta) {
		VALUE.getAndAdd(this, delta);
	}

}
