/** The KFP v2 pipeline model: immutable records parsed from IR YAML, with validation. No I/O. */
package dev.skiff.pipeline;
