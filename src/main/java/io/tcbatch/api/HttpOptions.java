package io.tcbatch.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the shared HTTP client is built from (see {@link Transport}).
 *
 * @param connectTimeout time to open a connection
 * @param readTimeout    longest silence while reading an answer (an upload may be read whole first)
 * @param writeTimeout   longest stall while sending
 * @param caBundle       PEM file of trusted certificates replacing the JDK's, or null
 * @param proxy          {@code http://[user:pass@]host:port} from the profile, or null for the environment's
 * @param env            the process environment ({@code HTTPS_PROXY}, {@code NO_PROXY}, …), injected
 * @param debugHttp      log each request and response line with headers, credentials redacted
 */
public record HttpOptions(Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Path caBundle,
                          String proxy, Map<String, String> env, boolean debugHttp) {

    public HttpOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** Defaults: the client's documented timeouts, JDK trust, proxies from {@code env}, no debug log. */
    public static HttpOptions defaults(Map<String, String> env) {
        return new HttpOptions(ThreatConnectClient.CONNECT_TIMEOUT, ThreatConnectClient.READ_TIMEOUT,
                ThreatConnectClient.WRITE_TIMEOUT, null, null, env, false);
    }

    @Override
    public String toString() {
        return "HttpOptions[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", writeTimeout="
                + writeTimeout + ", caBundle=" + caBundle + ", proxy=" + ProxySettings.masked(proxy) + ", debugHttp="
                + debugHttp + "]";
    }
}
