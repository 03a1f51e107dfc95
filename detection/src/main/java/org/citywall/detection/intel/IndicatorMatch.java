package org.citywall.detection.intel;

import java.io.Serializable;

/**
 * An event field whose value is a known indicator.
 *
 * @param indicator the indicator
 * @param field     the ECS field that held it
 * @param value     the field's value
 */
public record IndicatorMatch(Indicator indicator, String field, String value) implements Serializable {}
