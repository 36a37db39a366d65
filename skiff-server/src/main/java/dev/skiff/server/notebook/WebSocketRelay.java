package dev.skiff.server.notebook;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;

/**
 * WebSockets under {@code /notebook/}: the upgrade is checked as an HTTP request (refusals are
 * answered as HTTP, and no upgrade happens), then the proxy connects to the server with its token
 * and the subprotocols the browser offered, accepts the browser's upgrade with the server's choice,
 * and relays text and binary messages and the close both ways.
 *
 * <p>Kernel sockets sit idle for hours: the browser's side is pinged every 30 s and times out after
 * 10 minutes without any answer; messages up to {@link BackendSocket#MAX_MESSAGE} pass.
 */
final class WebSocketRelay {
  private static final String BACKEND = "skiff.notebook.backend";
  private static final Duration CONNECT = Duration.ofSeconds(15);
  private static final Duration IDLE = Duration.ofMinutes(10);

  private final NotebookAccess access;
  private final HttpClient client;

  WebSocketRelay(NotebookAccess access, HttpClient client) {
    this.access = access;
    this.client = client;
  }

  void install(RoutesConfig routes) {
    String path = NotebookPath.PREFIX + "*";
    routes.wsBeforeUpgrade(path, this::beforeUpgrade);
    routes.ws(
        path,
        ws -> {
          ws.onConnect(
              c -> {
                Session s = c.session;
                s.setMaxTextMessageSize(BackendSocket.MAX_MESSAGE);
                s.setMaxBinaryMessageSize(BackendSocket.MAX_MESSAGE);
                s.setIdleTimeout(IDLE);
                c.enableAutomaticPings(30, TimeUnit.SECONDS);
                backend(c).attach(s);
              });
          ws.onMessage(m -> backend(m).sendText(m.message()));
          ws.onBinaryMessage(m -> backend(m).sendBinary(m.data()));
          ws.onClose(c -> backend(c).browserClosed(c.status(), c.reason()));
          ws.onError(e -> backend(e).abort());
        });
  }

  private static BackendSocket backend(WsContext ctx) {
    return ctx.attribute(BACKEND);
  }

  private void beforeUpgrade(Context ctx) throws InterruptedException {
    NotebookAccess.Granted granted;
    try {
      granted = access.webSocket(ctx);
    } catch (NotebookAccess.NotRunning e) {
      throw new HttpResponseException(
          503,
          "notebook "
              + e.notebook().name()
              + " is "
              + e.notebook().status().display()
              + "; its server does not run",
          Map.of());
    } catch (NotebookAccess.BareBase e) {
      throw new HttpResponseException(404, "no WebSocket at a notebook's base", Map.of());
    } catch (NotebookAccess.SignInFirst e) {
      throw new HttpResponseException(401, "sign in first", Map.of());
    }
    URI uri =
        HttpForwarder.target(
            granted.endpoint().base(),
            granted.path().rest(),
            ctx.queryString(),
            granted.endpoint().base().getScheme().equals("https") ? "wss" : "ws");
    BackendSocket backend;
    try {
      backend =
          BackendSocket.connect(client, uri, granted.endpoint().token(), offered(ctx), CONNECT);
    } catch (BackendSocket.Refused e) {
      // a kernel or terminal that is gone (404) or a bad request is the server's answer; its
      // refusing the proxy's own credentials is the proxy's failure (502)
      String detail = "the notebook server refused the WebSocket (" + e.status() + ")";
      if (e.status() == 404 || e.status() == 400) {
        throw new HttpResponseException(e.status(), detail, Map.of());
      }
      throw new BadGateway(detail);
    } catch (IOException e) {
      throw new BadGateway("the notebook server refused the WebSocket: " + oneLine(e));
    }
    String chosen = backend.subprotocol();
    ctx.res().setHeader("Sec-WebSocket-Protocol", chosen.isEmpty() ? null : chosen);
    ctx.attribute(BACKEND, backend);
    // An upgrade that does not complete must not leave the server's socket open.
    CompletableFuture.delayedExecutor(CONNECT.toSeconds(), TimeUnit.SECONDS)
        .execute(
            () -> {
              if (!backend.attached()) {
                backend.abort();
              }
            });
  }

  /** The subprotocols the browser offered, in its order. */
  private static List<String> offered(Context ctx) {
    List<String> out = new ArrayList<>();
    for (String header :
        java.util.Collections.list(ctx.req().getHeaders("Sec-WebSocket-Protocol"))) {
      for (String p : header.split(",")) {
        if (!p.isBlank()) {
          out.add(p.strip());
        }
      }
    }
    return out;
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ");
  }
}
