package io.github.yandexart.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code yandexart.*} properties: everything {@link io.github.yandexart.ClientConfig} holds. A
 * property left unset falls back to the environment variable {@code ClientConfig.fromEnvironment()}
 * reads ({@code YC_API_KEY}, {@code YC_FOLDER_ID}, ...), then to the SDK's default.
 */
@ConfigurationProperties("yandexart")
public class YandexArtProperties {
  /** A service-account API key (sent as "Api-Key ..."). Falls back to YC_API_KEY. */
  private String apiKey;

  /** An IAM token (sent as "Bearer ..."); it expires, so prefer a key file. Falls back to YC_IAM_TOKEN. */
  private String iamToken;

  /**
   * A service-account authorized key file (JSON), exchanged for IAM tokens as needed; needs
   * yandexart-auth on the classpath. Falls back to YC_SERVICE_ACCOUNT_KEY_FILE.
   */
  private Path serviceAccountKeyFile;

  /** The folder to bill, sent as x-folder-id with IAM tokens. Falls back to YC_FOLDER_ID. */
  private String folderId;

  /** The transport by name, "rest" or "grpc"; unset lets discovery pick the best one on the classpath. */
  private String transport;

  /**
   * Base URI generations are submitted to, such as https://llm.api.cloud.yandex.net (the default);
   * operations go there too unless operation-endpoint is set. Falls back to YANDEXART_ENDPOINT.
   */
  private URI endpoint;

  /** Base URI operations are read and cancelled at. Falls back to YANDEXART_OPERATION_ENDPOINT. */
  private URI operationEndpoint;

  /**
   * Base URI where service-account keys are exchanged for IAM tokens; https://iam.api.cloud.yandex.net
   * by default. Falls back to YC_IAM_ENDPOINT.
   */
  private URI iamEndpoint;

  /**
   * Whether the service may log requests and replies (x-data-logging-enabled); unset sends no
   * header. Falls back to YANDEXART_DATA_LOGGING.
   */
  private Boolean dataLogging;

  /** How long to wait for a connection; 10s by default. */
  private Duration connectTimeout;

  /**
   * Host of an HTTP(S) proxy for every call (with proxy-port); unset follows the JVM's proxy settings
   * (https.proxyHost and the like).
   */
  private String proxyHost;

  /** Port of the proxy named by proxy-host. */
  private Integer proxyPort;

  /** Allow plaintext http:// endpoints on hosts other than loopback. */
  private boolean allowInsecure;

  /** Appended to the SDK's User-Agent, such as "my-app/1.2". */
  private String userAgentSuffix;

  /** The largest reply accepted, in bytes; 64 MiB by default. */
  private Long maxResponseSize;

  /** How the client waits for operations, and the client-wide budgets. */
  private final Wait wait = new Wait();

  /** What yandexart-micrometer adds to the client, when it is on the classpath. */
  private final Micrometer micrometer = new Micrometer();

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public String getIamToken() {
    return iamToken;
  }

  public void setIamToken(String iamToken) {
    this.iamToken = iamToken;
  }

  public Path getServiceAccountKeyFile() {
    return serviceAccountKeyFile;
  }

  public void setServiceAccountKeyFile(Path serviceAccountKeyFile) {
    this.serviceAccountKeyFile = serviceAccountKeyFile;
  }

  public String getFolderId() {
    return folderId;
  }

  public void setFolderId(String folderId) {
    this.folderId = folderId;
  }

  public String getTransport() {
    return transport;
  }

  public void setTransport(String transport) {
    this.transport = transport;
  }

  public URI getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(URI endpoint) {
    this.endpoint = endpoint;
  }

  public URI getOperationEndpoint() {
    return operationEndpoint;
  }

  public void setOperationEndpoint(URI operationEndpoint) {
    this.operationEndpoint = operationEndpoint;
  }

  public String getProxyHost() {
    return proxyHost;
  }

  public void setProxyHost(String proxyHost) {
    this.proxyHost = proxyHost;
  }

  public Integer getProxyPort() {
    return proxyPort;
  }

  public void setProxyPort(Integer proxyPort) {
    this.proxyPort = proxyPort;
  }

  public URI getIamEndpoint() {
    return iamEndpoint;
  }

  public void setIamEndpoint(URI iamEndpoint) {
    this.iamEndpoint = iamEndpoint;
  }

  public Boolean getDataLogging() {
    return dataLogging;
  }

  public void setDataLogging(Boolean dataLogging) {
    this.dataLogging = dataLogging;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public boolean isAllowInsecure() {
    return allowInsecure;
  }

  public void setAllowInsecure(boolean allowInsecure) {
    this.allowInsecure = allowInsecure;
  }

  public String getUserAgentSuffix() {
    return userAgentSuffix;
  }

  public void setUserAgentSuffix(String userAgentSuffix) {
    this.userAgentSuffix = userAgentSuffix;
  }

  public Long getMaxResponseSize() {
    return maxResponseSize;
  }

  public void setMaxResponseSize(Long maxResponseSize) {
    this.maxResponseSize = maxResponseSize;
  }

  public Wait getWait() {
    return wait;
  }

  public Micrometer getMicrometer() {
    return micrometer;
  }

  /** The {@code yandexart.micrometer.*} properties. */
  public static class Micrometer {
    /** Record the yandexart.* meters (YandexArtMetrics) when there is a MeterRegistry bean. */
    private boolean metrics = true;

    /**
     * Make yandexart.generation and yandexart.call observations (spans, with a tracing bridge) when
     * there is an ObservationRegistry bean.
     */
    private boolean observations = true;

    public boolean isMetrics() {
      return metrics;
    }

    public void setMetrics(boolean metrics) {
      this.metrics = metrics;
    }

    public boolean isObservations() {
      return observations;
    }

    public void setObservations(boolean observations) {
      this.observations = observations;
    }
  }

  /** The {@code yandexart.wait.*} properties: {@link io.github.yandexart.WaitPolicy}; unset keeps its default. */
  public static class Wait {
    /** Delay before the first read after submit, and the base of the backoff; 1s by default. */
    private Duration initialDelay;

    /** Each delay is the previous one times this; 1.5 by default. */
    private Double multiplier;

    /** The longest delay between reads; 10s by default. */
    private Duration maxDelay;

    /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter]; 0.2 by default. */
    private Double jitter;

    /** How long to wait for one operation in all before giving up waiting; 1h by default. */
    private Duration totalBudget;

    /** The deadline of each single call (submit, read, cancel); 30s by default. */
    private Duration callTimeout;

    /** How many NOT_FOUND reads right after submit count as replication lag; 3 by default. */
    private Integer notFoundTolerance;

    /** How long after the start of a wait NOT_FOUND may be replication lag; 10s by default. */
    private Duration notFoundWindow;

    /** How many retryable read failures in a row are retried; 10 by default. */
    private Integer maxConsecutiveReadFailures;

    /** Submit attempts in all, repeated only where the service provably refused; 3 by default. */
    private Integer maxSubmitAttempts;

    /** Client-wide operation reads per second (the service's quota is 50); 50 by default. */
    private Integer maxReadsPerSecond;

    /** Client-wide submits per minute (the service's quota is 500); 500 by default. */
    private Integer maxSubmitsPerMinute;

    public Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    public Double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(Double multiplier) {
      this.multiplier = multiplier;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public Double getJitter() {
      return jitter;
    }

    public void setJitter(Double jitter) {
      this.jitter = jitter;
    }

    public Duration getTotalBudget() {
      return totalBudget;
    }

    public void setTotalBudget(Duration totalBudget) {
      this.totalBudget = totalBudget;
    }

    public Duration getCallTimeout() {
      return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
    }

    public Integer getNotFoundTolerance() {
      return notFoundTolerance;
    }

    public void setNotFoundTolerance(Integer notFoundTolerance) {
      this.notFoundTolerance = notFoundTolerance;
    }

    public Duration getNotFoundWindow() {
      return notFoundWindow;
    }

    public void setNotFoundWindow(Duration notFoundWindow) {
      this.notFoundWindow = notFoundWindow;
    }

    public Integer getMaxConsecutiveReadFailures() {
      return maxConsecutiveReadFailures;
    }

    public void setMaxConsecutiveReadFailures(Integer maxConsecutiveReadFailures) {
      this.maxConsecutiveReadFailures = maxConsecutiveReadFailures;
    }

    public Integer getMaxSubmitAttempts() {
      return maxSubmitAttempts;
    }

    public void setMaxSubmitAttempts(Integer maxSubmitAttempts) {
      this.maxSubmitAttempts = maxSubmitAttempts;
    }

    public Integer getMaxReadsPerSecond() {
      return maxReadsPerSecond;
    }

    public void setMaxReadsPerSecond(Integer maxReadsPerSecond) {
      this.maxReadsPerSecond = maxReadsPerSecond;
    }

    public Integer getMaxSubmitsPerMinute() {
      return maxSubmitsPerMinute;
    }

    public void setMaxSubmitsPerMinute(Integer maxSubmitsPerMinute) {
      this.maxSubmitsPerMinute = maxSubmitsPerMinute;
    }
  }
}
