package org.citywall.console.alerts;

import java.util.List;
import java.util.Map;

/**
 * One page of the alert queue.
 *
 * @param total  how many alerts match the filters
 * @param page   the page number, from 1
 * @param size   the page size
 * @param items  the alerts on this page, as their JSON documents
 * @param counts alerts per status under the same filters except status
 */
public record AlertPage(long total, int page, int size, List<Map<String, Object>> items, Map<String, Long> counts) {
}
