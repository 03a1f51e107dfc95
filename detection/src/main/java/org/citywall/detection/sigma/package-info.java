/**
 * The Sigma engine: loads Sigma v2.1 rules, correlation rules and meta filters from YAML
 * ({@link org.citywall.detection.sigma.RuleSet#builder()}), validates them against the
 * specification's JSON schemas, maps their log sources and fields onto CityWall's ECS events with a
 * {@link org.citywall.detection.sigma.ProcessingPipeline}, and compiles them into matchers behind
 * an index (dataset, then literal prefilters found with one Aho-Corasick pass per field).
 *
 * <p>Entry points: {@link org.citywall.detection.sigma.RuleSet} (immutable, serialisable, thread-safe:
 * {@code match(Event)}, {@code correlationInputs(...)}), {@link org.citywall.detection.sigma.RuleMatch},
 * {@link org.citywall.detection.sigma.Rejection} (file, line, reason of every rule not loaded), and
 * {@link org.citywall.detection.sigma.DetectionLoop}, the single-threaded reference runner used by
 * {@code citywall rules test} and the benchmark. No Flink types here: the job wraps these classes.
 */
package org.citywall.detection.sigma;
