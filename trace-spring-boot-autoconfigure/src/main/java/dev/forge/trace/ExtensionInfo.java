package dev.forge.trace;

/**
 * Metadata about the tracer, as returned by {@link TraceService#info()}.
 *
 * @param name the tracer's name, {@code trace-spring-boot-starter}
 * @param version the project version, read from build metadata
 * @param status {@code active} while the service records spans
 */
public record ExtensionInfo(String name, String version, String status) {
}
