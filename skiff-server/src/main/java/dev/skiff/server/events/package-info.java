/**
 * Live events for clients: run and task changes from the engine's listeners, fanned out to
 * Server-Sent-Events streams through bounded per-client queues ({@link
 * dev.skiff.server.events.EventHub}), and the SSE wire format ({@link
 * dev.skiff.server.events.SseStream}). The engine never waits for a client.
 */
package dev.skiff.server.events;
