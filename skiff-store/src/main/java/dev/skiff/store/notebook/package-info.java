/** Notebook servers' rows and events ({@code notebook}, {@code notebook_event}). */
package dev.skiff.store.notebook;
