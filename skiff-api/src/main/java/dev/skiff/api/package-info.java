/**
 * The HTTP API's JSON, shared by the server and the CLI: {@link dev.skiff.api.ApiJson} (the one
 * configured mapper), {@link dev.skiff.api.RunViews} (engine runs as API records), {@link
 * dev.skiff.api.RequestBodies} (request bodies into records, with one-line 400 messages); the
 * shapes themselves are in {@link dev.skiff.api.v2beta1}.
 */
package dev.skiff.api;
