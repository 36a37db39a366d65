/**
 * The reverse proxy in front of notebook servers: {@code /notebook/{profile}/{name}/**} over HTTP
 * and WebSockets ({@link dev.skiff.server.notebook.NotebookProxy}).
 *
 * <p>Every request and WebSocket upgrade is checked before anything is forwarded ({@code
 * NotebookAccess}: caller, edit role, origin; {@code NotebookPath}: a path that could name another
 * notebook is refused). HTTP bodies stream both ways ({@code HttpForwarder}, with {@code
 * ForwardedHeaders} deciding which headers cross and {@code TokenScrubber} taking the server's
 * token out of textual answers); WebSocket messages are relayed with flow control ({@code
 * WebSocketRelay}, {@code BackendSocket}). A notebook that does not run answers 503 with {@link
 * dev.skiff.server.notebook.NotRunningPage}.
 */
package dev.skiff.server.notebook;
