package dev.forge.trace.observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.forge.trace.RemoteParent;
import dev.forge.trace.SpanErrors;
import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanNotFoundException;
import dev.forge.trace.TraceService;
import dev.forge.trace.internal.ApiAccess;
import dev.forge.trace.internal.TraceEngine;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Turns Micrometer observations into spans: a span per observation, started at
 * {@code onStart} and ended at {@code onStop}, named then by the observation's contextual
 * name (conventions fill names and key values only at stop), with its key values as
 * attributes. A plain handler: it never changes key values, scopes or anything else other
 * handlers rely on, and keeps its state in the context under its own key.
 * <p>
 * The observation's span is current on a thread while one of its scopes is open there,
 * so {@code @Traced} methods, spans started by hand and nested observations become its
 * children. An observation started while no span is current takes its parent
 * observation's span as parent.
 */
public final class TraceObservationHandler implements ObservationHandler<Observation.Context> {

	private final TraceService trace;

	// The engine behind it, for what the API keeps to the library: baggage by root, expected roots.
	private final TraceEngine engine;

	// An array: asked on every observation, and iterating a list allocates an iterator.
	private final String[] excludedNamePrefixes;

	private final Predicate<Observation.Context> excludedRequests;

	private final ThreadLocal<KeyValueAttributes> attributes = ThreadLocal.withInitial(KeyValueAttributes::new);

	private final HeaderPropagation propagation;

	// The W3C baggage fields carried (trace.baggage.remote-fields); empty for none.
	private final BaggageHeader baggage;

	private static final boolean MICROMETER_TRACING = ClassUtils.isPresent(
			"io.micrometer.tracing.handler.TracingObservationHandler", TraceObservationHandler.class.getClassLoader());

	/**
	 * Creates a handler.
	 * @param trace the service spans are recorded in
	 * @param excludedNamePrefixes observations whose name starts with one of these are not
	 * traced
	 * @param excludedRequests observations of requests that are not traced, such as
	 * requests to actuator endpoints
	 */
	public TraceObservationHandler(TraceService trace, List<String> excludedNamePrefixes,
			Predicate<Observation.Context> excludedRequests) {
		this(trace, excludedNamePrefixes, excludedRequests, HeaderPropagation.DEFAULT);
	}

	/**
	 * Creates a handler that reads and writes trace context headers as {@code propagation}
	 * says: a server request that carries one continues that trace, and a client call
	 * carries its span's.
	 * @param trace the service spans are recorded in
	 * @param excludedNamePrefixes observations whose name starts with one of these are not
	 * traced
	 * @param excludedRequests observations of requests that are not traced
	 * @param propagation the formats read and written
	 */
	public TraceObservationHandler(TraceService trace, List<String> excludedNamePrefixes,
			Predicate<Observation.Context> excludedRequests, HeaderPropagation propagation) {
		this.trace = trace;
		this.excludedNamePrefixes = List.copyOf(excludedNamePrefixes).toArray(new String[0]);
		this.excludedRequests = excludedRequests;
		this.propagation = propagation;
		this.engine = ApiAccess.engineOf(trace);
		this.baggage = new BaggageHeader(this.engine.baggageFields());
	}

	/**
	 * Matches observations of requests to actuator endpoints on a servlet container; matches
	 * nothing when Spring's servlet observation support is not on the classpath.
	 * @param basePath the actuator base path, such as {@code /actuator}
	 * @return the predicate
	 */
	public static Predicate<Observation.Context> actuatorRequests(String basePath) {
		ClassLoader classLoader = TraceObservationHandler.class.getClassLoader();
		Predicate<Observation.Context> actuator = (context) -> false;
		if (ClassUtils.isPresent("org.springframework.http.server.observation.ServerRequestObservationContext",
				classLoader) && ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", classLoader)) {
			actuator = actuator.or(new ActuatorRequests(basePath));
		}
		if (ClassUtils.isPresent(
				"org.springframework.http.server.reactive.observation.ServerRequestObservationContext", classLoader)) {
			actuator = actuator.or(new ReactiveActuatorRequests(basePath));
		}
		return actuator;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// Asked when the observation is created: a convention names it only at start.
		return !this.excludedRequests.test(context);
	}

	private boolean isExcludedByName(String name) {
		for (String prefix : this.excludedNamePrefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void onStart(Observation.Context context) {
		String name = (context.getName() != null) ? context.getName() : "observation";
		if (isExcludedByName(name)) {
			return;
		}
		long current = this.trace.currentSpanId();
		ObservationSpan parent = (current == 0) ? parentSpan(context) : null;
		long id;
		long root;
		if (parent != null) {
			// Nothing is current on this thread: hang from the parent observation's span.
			this.trace.enterScope(parent.id, parent.rootId);
			try {
				id = this.trace.start(name);
			}
			finally {
				this.trace.closeScope(parent.id);
			}
			root = parent.rootId;
		}
		else if (current == 0) {
			// A new local trace: it may continue the caller's (a request with a traceparent), or
			// join the trace Micrometer Tracing records for this observation.
			RemoteParent remote = (context instanceof ReceiverContext<?> receiver) ? this.propagation.extract(receiver)
					: null;
			if (remote == null && MICROMETER_TRACING) {
				remote = MicrometerTracingParent.of(context);
			}
			id = this.trace.startRemoteChild(name, null, remote);
			root = id;
			if (id != 0 && !this.baggage.isEmpty() && context instanceof ReceiverContext<?> receiver) {
				String[] values = this.propagation.extractBaggage(receiver, this.baggage);
				if (values != null) {
					this.engine.putBaggage(id, values);
				}
			}
			if (context instanceof ScheduledTaskObservationContext && id != 0) {
				// A scheduled run is its own trace on purpose, not a hand-over that lost its parent.
				this.engine.expectRoot(id);
			}
		}
		else {
			long currentRoot = (current != 0) ? this.trace.currentRootId() : 0;
			id = this.trace.start(name);
			root = (current != 0) ? currentRoot : id;
		}
		context.put(ObservationSpan.class, new ObservationSpan(id, root));
		if (id != 0 && context instanceof SenderContext<?> sender) {
			this.propagation.inject(sender, this.trace.traceIds(), root, id);
			if (!this.baggage.isEmpty()) {
				this.propagation.injectBaggage(sender, this.baggage, this.engine.baggageOf(root));
			}
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		ObservationSpan span = context.get(ObservationSpan.class);
		if (span != null) {
			this.trace.enterScope(span.id, span.rootId);
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		ObservationSpan span = context.get(ObservationSpan.class);
		if (span != null) {
			this.trace.closeScope(span.id);
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		ObservationSpan span = context.get(ObservationSpan.class);
		if (span == null || span.isEnded()) {
			return;
		}
		String name = (event.getContextualName() != null) ? event.getContextualName() : event.getName();
		this.trace.enterScope(span.id, span.rootId);
		try {
			this.trace.instant(name);
		}
		finally {
			this.trace.closeScope(span.id);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		ObservationSpan span = context.get(ObservationSpan.class);
		if (span == null || !span.markEnded()) {
			// Stopped without a start we saw, or stopped twice.
			return;
		}
		if (MICROMETER_TRACING && span.id == span.rootId && this.trace.traceIds().remoteParent(span.id) == null) {
			// Micrometer Tracing may have started its span after ours: join its trace now, before export.
			RemoteParent remote = MicrometerTracingParent.of(context);
			if (remote != null) {
				this.trace.joinRemoteTrace(span.id, remote);
			}
		}
		String name = (context.getContextualName() != null && !context.getContextualName().isBlank())
				? context.getContextualName() : context.getName();
		KeyValueAttributes attributes = this.attributes.get()
			.reset(context.getLowCardinalityKeyValues(), context.getHighCardinalityKeyValues());
		try {
			this.trace.end(span.id, name, attributes.isEmpty() ? null : attributes, result(context, attributes),
					kind(context));
		}
		catch (SpanNotFoundException ex) {
			// Evicted by max-active-spans (a leaked observation): counted as abandoned.
		}
	}

	private static SpanKind kind(Observation.Context context) {
		Kind kind = (context instanceof ReceiverContext<?> receiver) ? receiver.getKind()
				: (context instanceof SenderContext<?> sender) ? sender.getKind() : null;
		if (kind == null) {
			return SpanKind.INTERNAL;
		}
		// Messaging contexts (Kafka, RabbitMQ, JMS) keep the transport's defaults: producer
		// and consumer; HTTP's request-reply contexts say client and server.
		return switch (kind) {
			case SERVER -> SpanKind.SERVER;
			case CLIENT -> SpanKind.CLIENT;
			case PRODUCER -> SpanKind.PRODUCER;
			case CONSUMER -> SpanKind.CONSUMER;
		};
	}

	/**
	 * The failure the observation saw, or for a server request answered with a 5xx status
	 * (an exception a {@code @ControllerAdvice} turned into a response never reaches
	 * {@code onError}), that status.
	 */
	private static Object result(Observation.Context context, KeyValueAttributes attributes) {
		Integer status = serverErrorStatus(attributes);
		if (context.getError() != null) {
			Map<String, Object> error = SpanErrors.of(context.getError());
			if (status != null) {
				error.put("status", status);
			}
			return error;
		}
		if (status != null) {
			Map<String, Object> error = new LinkedHashMap<>();
			error.put("error", "HTTP " + status);
			error.put("status", status);
			return error;
		}
		return null;
	}

	private static Integer serverErrorStatus(KeyValueAttributes attributes) {
		String text = attributes.status();
		if (text != null && text.length() == 3 && text.charAt(0) == '5') {
			try {
				return Integer.valueOf(text);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * Makes the span of an observation current on this thread, as its scope would: for
	 * instrumentation that finds the observation somewhere other than a thread local (a
	 * Reactor context, where WebFlux keeps the request's).
	 * @param trace the service
	 * @param observation the observation, or anything else
	 * @return the id of the span made current, to give to {@link TraceService#closeScope},
	 * or 0 when the observation has no span of this tracer
	 */
	public static long enterSpanOf(TraceService trace, Object observation) {
		if (!(observation instanceof Observation candidate)) {
			return 0;
		}
		ObservationSpan span = candidate.getContextView().get(ObservationSpan.class);
		if (span == null) {
			span = parentSpan(candidate.getContext());
		}
		if (span == null || span.isEnded()) {
			return 0;
		}
		trace.enterScope(span.id, span.rootId);
		return span.id;
	}

	private static ObservationSpan parentSpan(Observation.Context context) {
		for (var parent = context.getParentObservation(); parent != null; parent = parent.getContextView()
			.getParentObservation()) {
			ObservationSpan span = parent.getContextView().get(ObservationSpan.class);
			if (span != null) {
				return span;
			}
		}
		return null;
	}

}
