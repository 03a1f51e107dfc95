/**
 * Threat-intelligence matching: indicators (addresses and networks, domains, URLs, hashes) from CSV
 * and STIX 2.1 bundles ({@link org.citywall.detection.intel.IndicatorLoader}) in an immutable,
 * swappable {@link org.citywall.detection.intel.IndicatorSet} matched against the ECS fields where
 * each kind of value appears. Reloading and broadcasting belong to the job.
 */
package org.citywall.detection.intel;
