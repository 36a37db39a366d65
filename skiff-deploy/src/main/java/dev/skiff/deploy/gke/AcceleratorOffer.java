package dev.skiff.deploy.gke;

/**
 * One accelerator type offered in one zone, an item of {@code gcloud compute accelerator-types
 * list}.
 *
 * @param type e.g. {@code nvidia-tesla-t4}
 * @param zone the zone's name (gcloud gives its URL; the last part is kept)
 * @param maxCardsPerInstance the most of it one VM takes
 */
public record AcceleratorOffer(String type, String zone, int maxCardsPerInstance) {}
