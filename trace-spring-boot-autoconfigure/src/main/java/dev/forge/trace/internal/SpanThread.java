package dev.forge.trace.internal;

import dev.forge.trace.TraceIds;

/**
 * The thread a span started on, shared by every span that thread starts while its name
 * stays the same, so a record holds one reference rather than a name and an id.
 *
 * @param name the thread's name when the span started, cut to the name length limit
 * @param id the thread's id
 * @param cut whether the name was cut
 * @param ids the exported ids of the tracer that recorded the span: one reference per
 * thread, none per record
 */
public record SpanThread(String name, long id, boolean cut, TraceIds ids) {
}
