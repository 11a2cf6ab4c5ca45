package dev.forge.trace;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Local roots of one name on one kind of thread that look like work which lost its parent:
 * internal spans (not a server request, a message received or a scheduled run) with no
 * remote parent, started after the application was ready on a thread other than the one
 * that started it. Such a root is usually work
 * handed to a thread the trace did not follow (an executor Spring does not build, a thread
 * of a library's own): hand it over with {@link TraceService#wrap(Runnable)} or run it on
 * an executor Boot builds.
 *
 * @param name the roots' span name; {@code (other names)} for those past the table's limit
 * @param threads the names of the threads they ran on, with every run of digits as
 * {@code #} ({@code pool-#-thread-#})
 * @param count how many such roots ended
 * @param lastThread the thread the latest ran on
 * @param lastStartedAt when the latest started, epoch milliseconds
 * @param lastRootId the latest root's id: its trace is {@code /traces/{id}} while held
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrphanRoot(String name, String threads, long count, String lastThread, long lastStartedAt,
		long lastRootId) {
}
