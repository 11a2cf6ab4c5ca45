package dev.forge.trace;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Metadata about the tracer, as returned by {@link TraceService#info()}.
 *
 * @param name the tracer's name, {@code trace-spring-boot-starter}
 * @param version the project version, read from build metadata
 * @param status {@code active} while the service records spans
 */
public record ExtensionInfo(String name, String version, String status) {

	private static final String BUILD_INFO = "/META-INF/dev.forge.trace/build-info.properties";

	/** The project version the build wrote into this jar, or {@code unknown}. */
	static String buildVersion() {
		try (InputStream in = ExtensionInfo.class.getResourceAsStream(BUILD_INFO)) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// Informational only: fall through.
		}
		return "unknown";
	}

}
