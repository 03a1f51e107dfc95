package org.citywall.console.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.DisabledAccountException;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UnknownAccountException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.PasswordMatcher;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;
import org.citywall.console.users.Passwords;
import org.citywall.console.users.Role;
import org.citywall.console.users.User;
import org.citywall.console.users.UserStore;

/**
 * Shiro realm over the {@link UserStore}: Argon2id password check with Shiro's {@link PasswordMatcher},
 * roles and domain-scoped permissions from {@link RolePermissions}. Authorization is computed
 * from the current store on every check, so a role change takes effect at once.
 */
final class ConsoleRealm extends AuthorizingRealm {
    private static final String DUMMY_HASH = Passwords.service().encryptPassword("not-a-password-of-anyone");
    private final UserStore users;

    ConsoleRealm(UserStore users) {
        this.users = users;
        PasswordMatcher matcher = new PasswordMatcher();
        matcher.setPasswordService(Passwords.service());
        setCredentialsMatcher(matcher);
        setAuthenticationTokenClass(UsernamePasswordToken.class);
        setAuthorizationCachingEnabled(false);
        setAuthenticationCachingEnabled(false);
        setName("console");
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) throws AuthenticationException {
        UsernamePasswordToken t = (UsernamePasswordToken) token;
        User u = users.find(t.getUsername()).orElse(null);
        if (u == null) {
            // spend the same Argon2 work as for a real account, so timing does not tell which names exist
            Passwords.service().passwordsMatch(t.getPassword(), DUMMY_HASH);
            throw new UnknownAccountException("unknown account");
        }
        if (u.disabled()) {
            throw new DisabledAccountException("account disabled");
        }
        ConsolePrincipal p = new ConsolePrincipal(u.username(), u.roleNames(), u.domainNames());
        return new SimpleAuthenticationInfo(p, u.passwordHash(), getName());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        ConsolePrincipal p = principals.oneByType(ConsolePrincipal.class);
        SimpleAuthorizationInfo info = new SimpleAuthorizationInfo();
        if (p == null) {
            return info;
        }
        User u = users.find(p.username()).orElse(null);
        if (u == null || u.disabled()) {
            return info; // deleted or disabled since log-in: nothing is permitted any more
        }
        info.setRoles(u.roles().stream().map(Role::wireName).collect(Collectors.toSet()));
        info.setStringPermissions(Set.copyOf(RolePermissions.permissions(u.roles(), u.domains())));
        return info;
    }
}
