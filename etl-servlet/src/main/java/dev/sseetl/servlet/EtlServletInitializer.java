package dev.sseetl.servlet;

import dev.sseetl.EtlEngine;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;

import java.util.Set;

/**
 * Registers {@link EtlServlet} in a plain WAR from context init-parameters ({@code <context-param>} in
 * {@code web.xml}). Does nothing unless {@code sse-etl.enabled} is {@code true}, so an application that registers
 * the servlet itself (Spring Boot adapter, code) never gets it twice. Parameters:
 * {@code sse-etl.base-path} (default {@code /api/etl}) and those of the engine (docs/servlet.md):
 * {@code sse-etl.schemas}, {@code sse-etl.jdbc-url} or {@code sse-etl.jndi-name}, {@code sse-etl.work-dir}.
 * Found by the container through {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 */
public final class EtlServletInitializer implements ServletContainerInitializer {
    /** The context parameter that switches the registration on. */
    public static final String ENABLED = "sse-etl.enabled";
    /** The context parameter holding the base path (default {@code /api/etl}). */
    public static final String BASE_PATH = "sse-etl.base-path";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        if (!"true".equalsIgnoreCase(String.valueOf(context.getInitParameter(ENABLED)).trim())) {
            return;
        }
        String basePath = basePath(context.getInitParameter(BASE_PATH));
        EtlEngine engine;
        EtlServletOptions options;
        try {
            options = EtlServletOptions.fromParameters(context::getInitParameter);
            engine = ServletEngines.fromParameters(context::getInitParameter);
        } catch (RuntimeException e) {
            throw new ServletException("sse-etl: could not build the import engine from the context parameters: "
                    + e.getMessage(), e);
        }
        EtlServlet servlet = new EtlServlet(engine, options, true);
        ServletRegistration.Dynamic registration = context.addServlet("sse-etl", servlet);
        if (registration == null) {
            engine.close();
            throw new ServletException("sse-etl: a servlet named 'sse-etl' is already registered; "
                    + "remove it or set sse-etl.enabled=false");
        }
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.addMapping(basePath + "/*");
        context.log("sse-etl: import routes registered at " + basePath + "/*");
    }

    /** {@code /api/etl} when blank; always with one leading slash and no trailing one. */
    static String basePath(String value) {
        String p = value == null || value.isBlank() ? "/api/etl" : value.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
