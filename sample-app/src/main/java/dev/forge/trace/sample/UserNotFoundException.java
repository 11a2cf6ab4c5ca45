package dev.forge.trace.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * No user with the given id; answered with 404.
 */
@ResponseStatus(HttpStatus.NOT_FOUND)
class UserNotFoundException extends RuntimeException {

	UserNotFoundException(long id) {
		super("No user " + id);
	}

}
