/**
 * The platform's catalog: the one service layer over pipelines, pipeline versions, experiments and
 * runs ({@link dev.skiff.engine.catalog.Catalog}). KFP's v2beta1 API routes, the CLI and the
 * dashboard are thin shells over it. Lists page, sort and filter in the store's SQL, with
 * tamper-proof page tokens.
 */
package dev.skiff.engine.catalog;
