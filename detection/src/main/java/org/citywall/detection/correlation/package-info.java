/**
 * Sigma correlation in event time: {@link org.citywall.detection.correlation.CorrelationRule} (a
 * resolved correlation rule), {@link org.citywall.detection.correlation.CorrelationState} (the state
 * of one rule for one {@link org.citywall.detection.correlation.GroupKey}, driven by matches and
 * watermarks, serialisable for Flink keyed state) and
 * {@link org.citywall.detection.correlation.CorrelationResult} (an occurrence or its update, with
 * the deterministic alert id). One occurrence per rule and group is updated while matches keep
 * arriving within the suppression period, never repeated; see {@code CorrelationState}.
 */
package org.citywall.detection.correlation;
