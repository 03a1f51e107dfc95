package org.citywall.console.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every API route of the console with its {@link Access} rule. The server installs exactly these,
 * the OpenAPI document and the permission-matrix test are generated from them.
 */
public final class RouteTable {
    private final List<ApiRoute> routes = new ArrayList<>();

    /**
     * Adds routes.
     *
     * @throws IllegalArgumentException when a method and path is already taken
     */
    public RouteTable addAll(List<ApiRoute> more) {
        Set<String> seen = new HashSet<>();
        for (ApiRoute r : routes) {
            seen.add(r.method() + " " + r.path());
        }
        for (ApiRoute r : more) {
            if (!seen.add(r.method() + " " + r.path())) {
                throw new IllegalArgumentException("route declared twice: " + r.method() + " " + r.path());
            }
            routes.add(r);
        }
        return this;
    }

    /** The routes, in declaration order. */
    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }
}
