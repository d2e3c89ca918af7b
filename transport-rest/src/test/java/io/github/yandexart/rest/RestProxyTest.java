package io.github.yandexart.rest;

import static io.github.yandexart.rest.TestSupport.config;
import static io.github.yandexart.rest.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.yandexart.ImageGenerator;
import io.github.yandexart.Operation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** ClientConfig's proxy: every request goes to the proxy, addressed to the endpoint. */
class RestProxyTest {
  @Test
  void anExplicitProxyReceivesEveryRequestForTheEndpoint() throws IOException {
    int unusedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      unusedPort = s.getLocalPort();   // nothing listens here once closed: only the proxy can answer
    }
    URI endpoint = URI.create("http://127.0.0.1:" + unusedPort);
    try (RawServer proxy = RawServer.answering("200 OK", "application/json", "{\"id\":\"op1\",\"done\":false}");
        ImageGenerator generator = new RestImageGeneratorProvider().create(
            config(endpoint).proxy("127.0.0.1", proxy.port()).build())) {
      Operation op = result(generator.getOperation("op1"));

      assertThat(op.id()).isEqualTo("op1");
      assertThat(proxy.requests()).singleElement().satisfies(r -> {
        // a forward proxy gets the absolute form (an https:// endpoint would get CONNECT host:port)
        assertThat(r.method + " " + r.target).isEqualTo("GET " + endpoint + "/operations/op1");
        assertThat(r.header("authorization")).isEqualTo("Api-Key " + TestSupport.API_KEY);
      });
    }
  }
}
