package io.quotepipe.local;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the JVM's {@link LocalCloud#shared() shared} local cloud, started on first use:
 *
 * <pre>{@code
 * @ExtendWith(LocalCloudExtension.class)
 * class WriterIT {
 *     @Test
 *     void writesBatch(LocalCloud cloud) { ... cloud.endpoints().bucket() ... }
 * }
 * }</pre>
 *
 * <p>Resolves parameters of type {@link LocalCloud} and {@link Endpoints}, in test methods, lifecycle methods and
 * constructors. The cloud outlives the test class and is stopped when the JVM exits, so that many test classes pay
 * for one start.
 */
public final class LocalCloudExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalCloud.class || type == Endpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            LocalCloud cloud = LocalCloud.shared();
            return parameter.getParameter().getType() == Endpoints.class ? cloud.endpoints() : cloud;
        } catch (LocalCloudException e) {
            throw new ParameterResolutionException("The local cloud did not start: " + e.getMessage(), e);
        }
    }
}
