package dev.forge.trace.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;
import sun.misc.Unsafe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields one thread writes on every span sit behind 128 bytes of padding from the start
 * of their object, as laid out by the JVM running the tests: none is placed in the gap after
 * the object header, where it would share a cache line with whatever precedes the object.
 */
class LeadingPaddingTests {

	@Test
	void everyPaddedStructureKeepsItsOwnFieldsBehindTheLeadingPadding() throws Exception {
		Unsafe unsafe = unsafe();
		for (Class<?> type : new Class<?>[] { PaddedStripe.class, ActiveTable.Padded.class, RecordBuffer.Padded.class,
				DurationStats.Padded.class, RootLatency.Padded.class, NameStatsTable.Padded.class,
				PaddedCounter.class }) {
			for (Class<?> declaring = type; declaring != LeadingPadding.class; declaring = declaring.getSuperclass()) {
				for (Field field : declaring.getDeclaredFields()) {
					if (!Modifier.isStatic(field.getModifiers())) {
						assertThat(unsafe.objectFieldOffset(field)).as("%s.%s", type.getName(), field.getName())
							.isGreaterThanOrEqualTo(128);
					}
				}
			}
		}
	}

	private static Unsafe unsafe() throws ReflectiveOperationException {
		Field field = Unsafe.class.getDeclaredField("theUnsafe");
		field.setAccessible(true);
		return (Unsafe) field.get(null);
	}

}
