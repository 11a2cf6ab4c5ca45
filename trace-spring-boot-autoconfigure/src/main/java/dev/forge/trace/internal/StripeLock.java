package dev.forge.trace.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The lock that guards a {@link Stripe}'s state, in place of its monitor: taken with one
 * compare-and-set and let go with a plain release store, where an uncontended
 * {@code synchronized} (no biased locking since JDK 15) costs a compare-and-set each way,
 * and a span takes a stripe's lock twice. Its word lies among the stripe's hot fields
 * rather than in the object header, 128 bytes of padding before them. Contention is rare
 * by design (each thread has a stripe of its own); a thread that finds it held spins
 * briefly, then yields, then parks for a few microseconds at a time until it is free. Not
 * reentrant: nothing holding a stripe's lock takes it again, or takes another's (but
 * {@link TraceEngine#activeSnapshot()}, which takes them all in order).
 */
abstract class StripeLock extends LeadingPadding {

	private static final VarHandle LOCKED;

	static {
		try {
			LOCKED = MethodHandles.lookup().findVarHandle(StripeLock.class, "locked", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final int SPINS = 64;

	private static final int YIELDS = 64;

	private static final long PARK_NANOS = 20_000;

	@SuppressWarnings("unused") // through LOCKED
	private volatile int locked;

	/** Takes the lock; always followed by {@link #unlock()} in a {@code finally}. */
	final void lock() {
		if (!LOCKED.compareAndSet(this, 0, 1)) {
			lockContended();
		}
	}

	/** Lets the lock go: what was written while it was held is seen by the next to take it. */
	final void unlock() {
		LOCKED.setRelease(this, 0);
	}

	private void lockContended() {
		for (int attempt = 0;; attempt++) {
			if ((int) LOCKED.getOpaque(this) == 0 && LOCKED.compareAndSet(this, 0, 1)) {
				return;
			}
			if (attempt < SPINS) {
				Thread.onSpinWait();
			}
			else if (attempt < SPINS + YIELDS) {
				Thread.yield();
			}
			else {
				LockSupport.parkNanos(this, PARK_NANOS);
			}
		}
	}

}
