package dev.forge.trace;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exported ids: unique, never zero, random-looking in every bit, different for each
 * tracer, and the same ones a record, the current scope and the exporters give.
 */
class TraceIdsTests {

	@Test
	void spanAndTraceIdsAreUniqueAndNeverZero() {
		TraceIds ids = TraceIds.random();
		Set<Long> spans = new HashSet<>();
		Set<String> traces = new HashSet<>();
		for (long id = 1; id <= 100_000; id++) {
			assertThat(spans.add(ids.spanId(id))).isTrue();
			assertThat(traces.add(ids.traceIdHex(id))).isTrue();
		}
		assertThat(spans).doesNotContain(0L);
		// The one id that would mix to 0 (the key itself) takes the value of id 0 instead.
		TraceIds known = new TraceIds(42, 43, 44);
		assertThat(known.spanId(42)).isNotZero().isNotEqualTo(known.spanId(41)).isNotEqualTo(known.spanId(43));
		assertThat(known.traceIdLow(44)).isNotZero();
		assertThat(known.traceIdHex(44)).isNotEqualTo("00000000000000000000000000000000");
	}

	@Test
	void everyBitLooksRandomForConsecutiveIds() {
		TraceIds ids = TraceIds.random();
		int[] spanBits = new int[64];
		int[] traceBits = new int[128];
		int count = 20_000;
		for (long id = 1; id <= count; id++) {
			long span = ids.spanId(id);
			long high = ids.traceIdHigh(id);
			long low = ids.traceIdLow(id);
			for (int bit = 0; bit < 64; bit++) {
				spanBits[bit] += (int) ((span >>> bit) & 1);
				traceBits[bit] += (int) ((high >>> bit) & 1);
				traceBits[64 + bit] += (int) ((low >>> bit) & 1);
			}
		}
		for (int set : spanBits) {
			assertThat(set).isBetween(count * 45 / 100, count * 55 / 100);
		}
		for (int set : traceBits) {
			assertThat(set).isBetween(count * 45 / 100, count * 55 / 100);
		}
	}

	@Test
	void eachTracerHasItsOwnIdsAndRecordsGiveTheirTracersIds() {
		TraceService first = new TraceService();
		TraceService second = new TraceService();
		SpanRecord a = first.end(first.start("a"));
		SpanRecord b = second.end(second.start("b"));
		assertThat(a.id()).isEqualTo(b.id());
		assertThat(a.traceId()).isNotEqualTo(b.traceId()).hasSize(32).isEqualTo(first.traceIds().traceIdHex(a.id()));
		assertThat(a.spanId()).isNotEqualTo(b.spanId()).hasSize(16).isEqualTo(first.traceIds().spanIdHex(a.id()));
		assertThat(a.parentSpanId()).isNull();
	}

	@Test
	void childrenShareTheTraceIdAndNameTheirParentsSpanId() {
		TraceService trace = new TraceService();
		String traceparent;
		SpanRecord child;
		SpanRecord root;
		try (TraceScope request = trace.openScope("request", null)) {
			traceparent = trace.currentTraceparent();
			assertThat(trace.currentTraceId()).isEqualTo(trace.traceIds().traceIdHex(request.id()));
			child = trace.end(trace.start("query"));
		}
		root = trace.flush().get(1);
		assertThat(child.traceId()).isEqualTo(root.traceId());
		assertThat(child.parentSpanId()).isEqualTo(root.spanId());
		assertThat(traceparent).isEqualTo("00-" + root.traceId() + "-" + root.spanId() + "-01")
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
		assertThat(trace.currentTraceparent()).isNull();
		assertThat(trace.currentTraceId()).isNull();
	}

	@Test
	void aTraceContinuedFromACallerThatDidNotSampleItPassesTheFlagOn() {
		TraceService trace = new TraceService();
		long id = trace.startRemoteChild("request", null,
				RemoteParent.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", null));
		trace.enterScope(id, id);
		try {
			assertThat(trace.currentTraceparent())
				.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-" + trace.traceIds().spanIdHex(id) + "-00");
		}
		finally {
			trace.closeScope(id);
			trace.end(id);
		}
	}

	@Test
	void remoteParentsAreRememberedForTheirRootsAndNeverGivenToAnother() {
		TraceIds ids = TraceIds.random(10);
		RemoteParent first = RemoteParent.fromB3("0123456789abcdef-0000000000000001-1");
		RemoteParent second = RemoteParent.fromB3("0123456789abcdef-0000000000000002-0");
		ids.continueRemote(5, first);
		assertThat(ids.remoteParent(5)).isSameAs(first);
		assertThat(ids.traceIdHex(5)).isEqualTo("00000000000000000123456789abcdef");
		assertThat(ids.traceparent(5, 7)).isEqualTo("00-00000000000000000123456789abcdef-" + ids.spanIdHex(7) + "-01");
		for (long other = 6; other < 5 + 16; other++) {
			assertThat(ids.remoteParent(other)).isNull();
		}
		// Remembered until a root at least as many spans later (16 slots for 10) takes its place.
		ids.continueRemote(5 + 16, second);
		assertThat(ids.remoteParent(5)).isNull();
		assertThat(ids.traceIdHex(5)).isNotEqualTo("00000000000000000123456789abcdef");
		assertThat(ids.traceparent(5 + 16, 9)).endsWith("-00");
		assertThat(TraceIds.random().remoteParent(5)).isNull();
	}

}
