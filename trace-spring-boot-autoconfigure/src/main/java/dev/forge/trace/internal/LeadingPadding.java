package dev.forge.trace.internal;

/**
 * Padding before the fields of a stripe's structures, which one thread writes on every
 * span: HotSpot lays out a superclass's fields before a subclass's, so a subclass's fields
 * start 128 bytes into the object, and a subclass of that adds the padding after them
 * ({@link PaddedStripe}, {@link ActiveTable.Padded}, {@link DurationStats.Padded},
 * {@link RootLatency.Padded}, {@link RecordBuffer.Padded}, {@link PaddedCounter}).
 * Allocating them from the owning thread is not enough: the garbage collector moves
 * long-lived objects next to each other, so two threads would otherwise write the same
 * cache line. 128 bytes also defeats adjacent-line prefetch.
 */
abstract class LeadingPadding {

	// Fills the 4 bytes between a 12-byte object header (compressed class pointers, the
	// default) and the first long: HotSpot places a subclass's int and reference fields in a
	// superclass's gaps, which put a stripe's lock word, the active table's size and the
	// finished buffer's end at offset 12, before the padding, beside whatever precedes it.
	int gap;

	long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

}
