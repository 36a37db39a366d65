/**
 * The notebook launcher SPI: starts, finds again and stops notebook servers, independent of where
 * they run ({@code executor.local.notebook} runs them as local processes).
 */
package dev.skiff.engine.executor.notebook;
