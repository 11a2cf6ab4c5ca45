package dev.forge.trace.sample;

/**
 * A placed order.
 *
 * @param id the id
 * @param userId who placed it
 * @param item what was ordered
 * @param quantity how many
 */
public record Order(long id, long userId, String item, int quantity) {
}
