package org.citywall.console.apps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An application's credential for the crypto service, as stored: the SM3 hash of its API key's
 * secret (never the key), and the Shiro wildcard permissions it holds, e.g.
 * {@code crypto:sign:invoice-signing}, {@code crypto:verify:*}.
 *
 * @param appId       {@code [a-z0-9][a-z0-9-]{0,63}}
 * @param secretSm3   lower-case hex SM3 of the key's secret part
 * @param permissions what the application may do
 * @param createdAt   ISO-8601
 * @param disabled    a disabled credential authenticates nothing
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppCredential(@JsonProperty("app_id") String appId, @JsonProperty("secret_sm3") String secretSm3,
                            @JsonProperty("permissions") List<String> permissions,
                            @JsonProperty("created_at") String createdAt, @JsonProperty("disabled") boolean disabled) {
    public AppCredential {
        permissions = List.copyOf(permissions);
    }

    @Override
    public String toString() {
        return "AppCredential[" + appId + " " + permissions + (disabled ? " disabled" : "") + "]";
    }
}
