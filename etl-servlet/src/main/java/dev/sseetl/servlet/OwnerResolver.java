package dev.sseetl.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;

/**
 * Decides who owns the imports a request creates or touches. Every import route passes this owner to the engine,
 * which answers "not found" for another owner's import.
 */
@FunctionalInterface
public interface OwnerResolver {
    /** The owner used when the application has no login. */
    String ANONYMOUS = "anonymous";

    /** The owner of this request; never null. */
    String owner(HttpServletRequest request);

    /** The default: the authenticated user's name ({@link HttpServletRequest#getUserPrincipal()}), else {@code anonymous}. */
    static OwnerResolver principalOrAnonymous() {
        return request -> {
            Principal p = request.getUserPrincipal();
            return p == null || p.getName() == null || p.getName().isEmpty() ? ANONYMOUS : p.getName();
        };
    }
}
