package dev.forge.trace;

/**
 * Padding around a {@link Stripe}'s fields, so that two threads writing their own stripes
 * never write the same cache line: HotSpot lays out a superclass's fields before a
 * subclass's, so the stripe's fields sit between this class's padding and
 * {@link PaddedStripe}'s. 128 bytes on each side also defeats adjacent-line prefetch.
 */
abstract class StripePadding {

	long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;

}
