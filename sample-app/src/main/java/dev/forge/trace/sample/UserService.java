package dev.forge.trace.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.stereotype.Service;

/**
 * Users, traced at class level: every public method is a span named
 * {@code UserService.<method>}. A lookup that misses the cache records an instant event.
 */
@Service
@Traced
public class UserService {

	private final Map<Long, User> users = new ConcurrentHashMap<>();

	private final Map<Long, User> cache = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final TraceService trace;

	public UserService(TraceService trace) {
		this.trace = trace;
	}

	/** Registers a user; the password attribute is masked in the span. */
	public User register(@TraceAttribute("email") String email, @TraceAttribute("password") String password) {
		User user = new User(this.ids.incrementAndGet(), email);
		this.users.put(user.id(), user);
		return user;
	}

	/** Finds a user, through a cache; fails with {@link UserNotFoundException}. */
	public User find(@TraceAttribute("userId") long id) {
		User cached = this.cache.get(id);
		if (cached != null) {
			return cached;
		}
		this.trace.instant("cache_miss", Map.of("cache", "users", "userId", id));
		User user = this.users.get(id);
		if (user == null) {
			throw new UserNotFoundException(id);
		}
		this.cache.put(id, user);
		return user;
	}

}
