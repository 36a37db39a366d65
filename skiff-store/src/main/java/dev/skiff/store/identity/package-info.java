/**
 * Who people are and what they may do: users, profile members and their roles, API tokens and
 * browser sessions (only hashes of their secrets are stored), per-profile quotas and the audit log.
 */
package dev.skiff.store.identity;
