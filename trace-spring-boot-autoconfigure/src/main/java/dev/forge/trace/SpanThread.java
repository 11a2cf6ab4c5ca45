package dev.forge.trace;

/**
 * The thread a span started on, shared by every span that thread starts while its name
 * stays the same, so a record holds one reference rather than a name and an id.
 *
 * @param name the thread's name when the span started
 * @param id the thread's id
 */
record SpanThread(String name, long id) {

	static final SpanThread NONE = new SpanThread("", 0);

}
