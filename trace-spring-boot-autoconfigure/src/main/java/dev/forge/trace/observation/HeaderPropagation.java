package dev.forge.trace.observation;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import dev.forge.trace.RemoteParent;
import dev.forge.trace.TraceIds;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Reads the trace context of an incoming request and writes it on an outgoing one, through
 * the carrier, getter and setter that Micrometer's transport contexts give (the servlet
 * and WebFlux server observations, and {@code RestClient}, {@code RestTemplate} and
 * {@code WebClient}): W3C {@code traceparent}/{@code tracestate}, B3 single ({@code b3})
 * and B3 multi ({@code X-B3-*}), as configured. Reading never fails a request: anything
 * malformed, or a {@code traceparent}, {@code b3} or {@code X-B3-*} header given twice, is
 * ignored and the request starts a new trace; several {@code tracestate} lines are one list.
 */
public final class HeaderPropagation {

	/** Reads W3C and both B3 forms, writes W3C: the defaults, as Boot's. */
	public static final HeaderPropagation DEFAULT = new HeaderPropagation(Set.of(PropagationFormat.W3C, PropagationFormat.B3, PropagationFormat.B3_MULTI),
			Set.of(PropagationFormat.W3C));

	/** Reads and writes nothing. */
	public static final HeaderPropagation NONE = new HeaderPropagation(Set.of(), Set.of());

	private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			HeaderPropagation.class.getClassLoader());

	private static final boolean REACTIVE = ClassUtils.isPresent(
			"org.springframework.http.server.reactive.ServerHttpRequest", HeaderPropagation.class.getClassLoader());

	// The formats read and written, looked at on every request.
	private final boolean consumeW3c;

	private final boolean consumeB3;

	private final boolean consumeB3Multi;

	private final boolean produceW3c;

	private final boolean produceB3;

	private final boolean produceB3Multi;

	/**
	 * Creates a propagation.
	 * @param consume the formats read from incoming requests, the first found wins in
	 * the order W3C, B3, B3 multi
	 * @param produce the formats written on outgoing requests
	 */
	public HeaderPropagation(Set<PropagationFormat> consume, Set<PropagationFormat> produce) {
		this.consumeW3c = consume.contains(PropagationFormat.W3C);
		this.consumeB3 = consume.contains(PropagationFormat.B3);
		this.consumeB3Multi = consume.contains(PropagationFormat.B3_MULTI);
		this.produceW3c = produce.contains(PropagationFormat.W3C);
		this.produceB3 = produce.contains(PropagationFormat.B3);
		this.produceB3Multi = produce.contains(PropagationFormat.B3_MULTI);
	}

	/**
	 * The remote parent an incoming request carries.
	 * @param context the receiver's context
	 * @return the parent, or {@code null} to start a new trace
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	@Nullable RemoteParent extract(ReceiverContext<?> context) {
		Object carrier = context.getCarrier();
		Propagator.Getter getter = context.getGetter();
		if (carrier == null || getter == null || !(this.consumeW3c || this.consumeB3 || this.consumeB3Multi)) {
			return null;
		}
		try {
			if (this.consumeW3c && !repeated(carrier, "traceparent")) {
				// W3C: several tracestate lines are one list, combined in order (RFC 9110).
				RemoteParent parent = RemoteParent.fromTraceparent(getter.get(carrier, "traceparent"),
						combined(carrier, getter, "tracestate"));
				if (parent != null) {
					return parent;
				}
			}
			if (this.consumeB3 && !repeated(carrier, "b3")) {
				RemoteParent parent = RemoteParent.fromB3(getter.get(carrier, "b3"));
				if (parent != null) {
					return parent;
				}
			}
			if (this.consumeB3Multi && !repeated(carrier, "X-B3-TraceId") && !repeated(carrier, "X-B3-SpanId")
					&& !repeated(carrier, "X-B3-Sampled")) {
				return RemoteParent.fromB3(getter.get(carrier, "X-B3-TraceId"), getter.get(carrier, "X-B3-SpanId"),
						getter.get(carrier, "X-B3-Sampled"));
			}
		}
		catch (RuntimeException ex) {
			// A carrier that fails to read is no reason to fail the request.
		}
		return null;
	}

	/**
	 * Writes the context of a client span on its outgoing request.
	 * @param context the sender's context
	 * @param ids the tracer's ids
	 * @param rootId the client span's local root
	 * @param spanId the client span's local id
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void inject(SenderContext<?> context, TraceIds ids, long rootId, long spanId) {
		Object carrier = context.getCarrier();
		Propagator.Setter setter = context.getSetter();
		if (carrier == null || setter == null || !(this.produceW3c || this.produceB3 || this.produceB3Multi)) {
			return;
		}
		RemoteParent remote = ids.remoteParent(rootId);
		try {
			if (this.produceW3c) {
				setter.set(carrier, "traceparent", ids.traceparent(rootId, spanId));
				if (remote != null && remote.traceState() != null) {
					setter.set(carrier, "tracestate", remote.traceState());
				}
			}
			boolean single = this.produceB3;
			boolean multi = this.produceB3Multi;
			if (single || multi) {
				boolean sampled = remote == null || remote.sampled();
				String traceId = ids.traceIdHex(rootId);
				String span = ids.spanIdHex(spanId);
				if (single) {
					setter.set(carrier, "b3", traceId + "-" + span + (sampled ? "-1" : "-0"));
				}
				if (multi) {
					setter.set(carrier, "X-B3-TraceId", traceId);
					setter.set(carrier, "X-B3-SpanId", span);
					setter.set(carrier, "X-B3-Sampled", sampled ? "1" : "0");
				}
			}
		}
		catch (RuntimeException ex) {
			// A carrier that refuses a header is no reason to fail the call.
		}
	}

	/**
	 * The listed baggage fields an incoming request or message carries.
	 * @param context the receiver's context
	 * @param baggage the fields read
	 * @return the values by position, or {@code null} for none
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	String @Nullable [] extractBaggage(ReceiverContext<?> context, BaggageHeader baggage) {
		Object carrier = context.getCarrier();
		Propagator.Getter getter = context.getGetter();
		if (carrier == null || getter == null || baggage.isEmpty()
				|| !(this.consumeW3c || this.consumeB3 || this.consumeB3Multi)) {
			return null;
		}
		try {
			// Several baggage lines are one list, as tracestate's are.
			return baggage.read(combined(carrier, getter, BaggageHeader.NAME));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Writes the listed baggage fields a trace has on an outgoing request or message.
	 * @param context the sender's context
	 * @param baggage the fields written
	 * @param values the trace's values by position, or {@code null}
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void injectBaggage(SenderContext<?> context, BaggageHeader baggage, String @Nullable [] values) {
		Object carrier = context.getCarrier();
		Propagator.Setter setter = context.getSetter();
		String header = baggage.write(values);
		if (carrier == null || setter == null || header == null
				|| !(this.produceW3c || this.produceB3 || this.produceB3Multi)) {
			return;
		}
		try {
			setter.set(carrier, BaggageHeader.NAME, header);
		}
		catch (RuntimeException ex) {
			// A carrier that refuses a header is no reason to fail the call.
		}
	}

	/** Every line of a header, joined with commas; the getter's one value on other carriers. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static @Nullable String combined(Object carrier, Propagator.Getter getter, String name) {
		if (SERVLET && carrier instanceof jakarta.servlet.http.HttpServletRequest request) {
			Enumeration<String> values = request.getHeaders(name);
			return (values != null && values.hasMoreElements()) ? String.join(",", Collections.list(values)) : null;
		}
		if (REACTIVE && carrier instanceof org.springframework.http.server.reactive.ServerHttpRequest request) {
			List<String> values = request.getHeaders().get(name);
			return (values != null && !values.isEmpty()) ? String.join(",", values) : null;
		}
		return getter.get(carrier, name);
	}

	/** Whether a header came more than once, which makes its value unusable. */
	private static boolean repeated(Object carrier, String name) {
		if (SERVLET && carrier instanceof jakarta.servlet.http.HttpServletRequest request) {
			Enumeration<String> values = request.getHeaders(name);
			if (values != null && values.hasMoreElements()) {
				values.nextElement();
				return values.hasMoreElements();
			}
			return false;
		}
		if (REACTIVE && carrier instanceof org.springframework.http.server.reactive.ServerHttpRequest request) {
			List<String> values = request.getHeaders().get(name);
			return values != null && values.size() > 1;
		}
		return false;
	}

}
