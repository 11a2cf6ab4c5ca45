package dev.forge.trace.sample;

/**
 * A registered user.
 *
 * @param id the id
 * @param email the e-mail address
 */
public record User(long id, String email) {
}
