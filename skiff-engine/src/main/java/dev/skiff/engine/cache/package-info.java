/** Cache fingerprints computed as KFP computes them ({@link dev.skiff.engine.cache.CacheKey}). */
package dev.skiff.engine.cache;
