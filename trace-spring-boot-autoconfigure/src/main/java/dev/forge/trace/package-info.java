/**
 * The API: {@link TraceService} and what it gives and takes ({@link SpanRecord},
 * {@link TraceScope}, {@link KeptTrace}, {@link TraceStats}, {@link TraceOptions},
 * {@link RemoteParent}, {@link TraceIds}, ...). The engine behind it is in
 * {@code dev.forge.trace.internal}, which is not for users.
 */
package dev.forge.trace;
