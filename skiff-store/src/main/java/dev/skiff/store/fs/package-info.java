/** Local folders as the stores and executors keep them: measuring and removing whole trees. */
package dev.skiff.store.fs;
