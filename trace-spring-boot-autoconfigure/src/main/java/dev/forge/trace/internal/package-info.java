/**
 * The engine behind {@link dev.forge.trace.TraceService}: stripes of active spans and
 * finished records, ids, clock, current spans and log correlation, drains, retention and
 * kept traces, per-name statistics. <strong>Not for users</strong>: its types are public
 * only where the API, in another package, reaches them ({@link TraceEngine}, and
 * {@link ApiAccess}, the one bridge through which the engine makes the API's records), an
 * adapter holds one between two calls ({@link CurrentSpans.State}, a thread's spans, opaque
 * outside the engine) or a logging system loads them ({@link Log4j2CorrelationProvider}),
 * and they may change in any release. The engine never calls the facade.
 */
package dev.forge.trace.internal;
